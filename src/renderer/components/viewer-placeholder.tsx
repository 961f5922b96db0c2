import { Mail } from 'lucide-react';

export function ViewerPlaceholder({ total }: { total: number }) {
  return (
    <section className="viewer viewer-placeholder" aria-label="Message">
      <Mail size={40} strokeWidth={1.25} aria-hidden="true" />
      <p>{total > 0 ? 'Select a message to read it' : 'Nothing selected'}</p>
      <p className="muted">
        <kbd>j</kbd> <kbd>k</kbd> to move · <kbd>/</kbd> to search
      </p>
    </section>
  );
}
