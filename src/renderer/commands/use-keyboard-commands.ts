import { useEffect, useEffectEvent } from 'react';
import { type CommandContext, keyboardCommands } from './commands.js';

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type)
  );
}

/** Enter and Space belong to the focused button, link or tab, not to the list. */
function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], [role="tab"]') !== null;
}

/** Route key presses to the first command whose shortcut matches and whose predicate holds. */
export function useKeyboardCommands(ctx: CommandContext): void {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    // A modal dialog owns the keyboard while it is open.
    if (document.querySelector('dialog[open]')) return;
    const inTextField = isTextField(event.target);
    for (const command of keyboardCommands) {
      const shortcut = command.shortcut;
      if (!shortcut?.test(event)) continue;
      if (inTextField && !shortcut.inTextField) continue;
      if (event.key === 'Enter' && isActivatable(event.target)) continue;
      if (!command.predicate(ctx)) continue;
      event.preventDefault();
      command.perform(ctx);
      return;
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
