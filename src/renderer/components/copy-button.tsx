import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';

/** Copies `text`; shows a tick for a moment so the user knows it worked. */
export function CopyButton({
  text,
  label = 'Copy',
  iconOnly = false,
}: {
  text: string;
  label?: string;
  iconOnly?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={`button button-ghost button-small${iconOnly ? ' button-icon' : ''}`}
      aria-label={iconOnly ? label : undefined}
      title={iconOnly ? label : undefined}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
      {iconOnly ? null : <span>{copied ? 'Copied' : label}</span>}
    </button>
  );
}
