import { X } from 'lucide-react';
import { useEffect } from 'react';

/** How long an error notice stays before it dismisses itself. */
const TOAST_MS = 5000;

export function Toast({ message, onDismiss }: { message: string | null; onDismiss(): void }) {
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(onDismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [message, onDismiss]);
  if (message === null) return null;
  return (
    <div className="toast" role="alert">
      <span>{message}</span>
      <button
        type="button"
        className="button button-ghost button-icon"
        aria-label="Dismiss"
        onClick={onDismiss}
      >
        <X size={14} aria-hidden="true" />
      </button>
    </div>
  );
}
