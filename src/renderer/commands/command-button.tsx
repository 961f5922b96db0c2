import type { Command, CommandContext } from './commands.js';

interface Props {
  command: Command;
  ctx: CommandContext;
  variant?: 'ghost' | 'danger';
}

/**
 * A toolbar icon button driven by a command: same label, predicate and action as its key. The
 * label is its accessible name and, with the shortcut, its tooltip.
 */
export function CommandButton({ command, ctx, variant = 'ghost' }: Props) {
  const Icon = command.icon;
  const keys = command.shortcut?.display[0];
  const title = keys ? `${command.label} (${keys})` : command.label;
  return (
    <button
      type="button"
      className={`button button-${variant} button-icon`}
      title={title}
      aria-label={command.label}
      aria-keyshortcuts={keys}
      disabled={!command.predicate(ctx)}
      onClick={() => command.perform(ctx)}
      data-command={command.id}
    >
      {Icon ? <Icon size={16} aria-hidden="true" /> : null}
    </button>
  );
}
