import { keyboardCommands } from '../commands/commands.js';

/** Lists the keyboard map straight from the commands, so it cannot go stale. */
export function ShortcutHelp() {
  return (
    <div
      id="shortcut-help"
      popover="auto"
      className="popover shortcut-help"
      role="dialog"
      aria-label="Keyboard shortcuts"
    >
      <h2 className="popover-title">Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {keyboardCommands.map((command) => (
          <div key={command.id} className="shortcut-row">
            <dt>{command.label}</dt>
            <dd>
              {command.shortcut?.display.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
