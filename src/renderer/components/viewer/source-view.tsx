import { Download } from 'lucide-react';
import { fetchRawSource, rawDownloadUrl } from '../../api/queries.js';
import { useAsync } from '../../hooks/use-async.js';

/** Beyond this the source is cut for display (the download has everything). */
const MAX_SHOWN_CHARS = 2_000_000;

/** The message exactly as received, as text: never rendered as HTML. */
export function SourceView({ id }: { id: string }) {
  const source = useAsync(id, fetchRawSource);
  if (source.status === 'loading') return <p className="panel-empty">Loading source…</p>;
  if (source.status === 'error') {
    return <p className="panel-empty error">Could not load the source: {source.error.message}</p>;
  }
  const cut = source.value.length > MAX_SHOWN_CHARS;
  return (
    <div className="source-view">
      {cut ? (
        <p className="panel-note">
          Showing the first {MAX_SHOWN_CHARS.toLocaleString()} characters.{' '}
          <a href={rawDownloadUrl(id)} download>
            <Download size={13} aria-hidden="true" /> Download the whole message
          </a>
        </p>
      ) : null}
      <pre className="code-block source-body" data-testid="source">
        {cut ? source.value.slice(0, MAX_SHOWN_CHARS) : source.value}
      </pre>
    </div>
  );
}
