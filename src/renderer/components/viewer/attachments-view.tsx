import { Download, File, FileArchive, FileImage, FileText } from 'lucide-react';
import type { Attachment } from '../../../shared/index.js';
import { partDownloadUrl, partUrl } from '../../api/queries.js';
import { formatBytes } from '../../lib/format.js';

/** Raster types the engine serves inline (SVG is served as a download, so no thumbnail). */
const PREVIEWABLE = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i;

function iconFor(contentType: string) {
  if (contentType.startsWith('image/')) return FileImage;
  if (contentType.startsWith('text/') || contentType === 'application/pdf') return FileText;
  if (/zip|tar|gzip|compressed/.test(contentType)) return FileArchive;
  return File;
}

export function AttachmentsView({ id, attachments }: { id: string; attachments: Attachment[] }) {
  if (attachments.length === 0) {
    return <p className="panel-empty">No attachments.</p>;
  }
  return (
    <ul className="attachment-grid" aria-label="Attachments">
      {attachments.map((attachment) => {
        const Icon = iconFor(attachment.contentType);
        return (
          <li key={attachment.partId} className="attachment-card">
            <div className="attachment-thumb">
              {PREVIEWABLE.test(attachment.contentType) ? (
                <img src={partUrl(id, attachment.partId)} alt="" loading="lazy" />
              ) : (
                <Icon size={28} aria-hidden="true" />
              )}
            </div>
            <div className="attachment-meta">
              <span className="attachment-name" title={attachment.filename}>
                {attachment.filename}
              </span>
              <span className="attachment-detail">
                {attachment.contentType} · {formatBytes(attachment.size)}
                {attachment.inline ? ' · inline' : ''}
              </span>
            </div>
            <a
              className="button button-ghost button-icon"
              href={partDownloadUrl(id, attachment.partId)}
              download={attachment.filename}
              aria-label={`Download ${attachment.filename}`}
              title="Download"
            >
              <Download size={16} aria-hidden="true" />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
