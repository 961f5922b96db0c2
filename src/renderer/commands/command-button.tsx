import type { Command, CommandContext } from './commands.js';

interface Props {
  command: Command;
  ctx: CommandContext;
  /** Show the label next to the icon (toolbars with room) or only as a tooltip. */
  showLabel?: boolean;
  variant?: 'ghost' | 'danger';
}

/** A toolbar button driven by a command: same label, same predicate, same action as its key. */
export function CommandButton({ command, ctx, showLabel = false, variant = 'ghost' }: Props) {
  const Icon = command.icon;
  const keys = command.shortcut?.display[0];
  const title = keys ? `${command.label} (${keys})` : command.label;
  return (
    <button
      type="button"
      className={`button button-${variant}${showLabel ? '' : ' button-icon'}`}
      title={title}
      aria-label={command.label}
      aria-keyshortcuts={keys}
      disabled={!command.predicate(ctx)}
      onClick={() => command.perform(ctx)}
      data-command={command.id}
    >
      {Icon ? <Icon size={16} aria-hidden="true" /> : null}
      {showLabel ? <span>{command.label}</span> : null}
    </button>
  );
}
