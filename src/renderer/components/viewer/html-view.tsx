import { ImageOff, Monitor, Moon, ShieldCheck, Smartphone, Sun } from 'lucide-react';
import { useMemo } from 'react';
import type { MessageDetail } from '../../../shared/index.js';
import { apiBase } from '../../api/api-base.js';
import { partUrl } from '../../api/queries.js';
import { prepareEmailHtml } from '../../lib/email-html.js';
import { Segmented } from '../segmented.js';

export type PreviewWidth = 'desktop' | 'mobile';
export type PreviewScheme = 'light' | 'dark';

interface Props {
  /** Kept as the loaded object: sanitising runs again only when the message (or a toggle) changes. */
  message: MessageDetail;
  html: string;
  allowRemote: boolean;
  onAllowRemote(): void;
  width: PreviewWidth;
  onWidth(width: PreviewWidth): void;
  scheme: PreviewScheme;
  onScheme(scheme: PreviewScheme): void;
}

const apiOrigin = new URL(apiBase).origin;

function normaliseCid(cid: string): string {
  return cid.trim().replace(/^<|>$/g, '').toLowerCase();
}

/**
 * The HTML body, sanitised and shown in an iframe with an empty sandbox (no scripts, no
 * same-origin) plus popups so links can open outside. See lib/email-html.ts for the layers.
 */
export function HtmlView({
  message,
  html,
  allowRemote,
  onAllowRemote,
  width,
  onWidth,
  scheme,
  onScheme,
}: Props) {
  const prepared = useMemo(() => {
    const byCid = new Map(
      message.attachments
        .filter((attachment) => attachment.contentId)
        .map((attachment) => [normaliseCid(attachment.contentId ?? ''), attachment.partId]),
    );
    return prepareEmailHtml(html, {
      apiOrigin,
      allowRemote,
      colorScheme: scheme,
      cidUrl: (cid) => {
        const part = byCid.get(normaliseCid(cid));
        return part === undefined ? undefined : partUrl(message.id, part);
      },
    });
  }, [message, html, allowRemote, scheme]);

  return (
    <div className="html-view">
      <div className="html-toolbar">
        {prepared.remoteCount > 0 && !allowRemote ? (
          <div className="remote-bar" role="status" data-testid="remote-blocked">
            <ImageOff size={15} aria-hidden="true" />
            <span>
              Remote content blocked ({prepared.remoteCount}{' '}
              {prepared.remoteCount === 1 ? 'reference' : 'references'})
            </span>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={onAllowRemote}
            >
              Load remote content
            </button>
          </div>
        ) : (
          <div className="remote-bar quiet">
            <ShieldCheck size={15} aria-hidden="true" />
            <span>
              {allowRemote ? 'Remote content loaded for this message' : 'No remote content'}
            </span>
          </div>
        )}
        <Segmented
          label="Preview colour scheme"
          value={scheme}
          options={[
            {
              value: 'light',
              title: "The mail's light styles",
              label: (
                <>
                  <Sun size={15} aria-hidden="true" />
                  <span className="visually-hidden">Light</span>
                </>
              ),
            },
            {
              value: 'dark',
              title: "The mail's dark-mode styles, if it has any",
              label: (
                <>
                  <Moon size={15} aria-hidden="true" />
                  <span className="visually-hidden">Dark</span>
                </>
              ),
            },
          ]}
          onChange={onScheme}
        />
        <Segmented
          label="Preview width"
          value={width}
          options={[
            {
              value: 'desktop',
              title: 'Desktop width',
              label: (
                <>
                  <Monitor size={15} aria-hidden="true" />
                  <span>Desktop</span>
                </>
              ),
            },
            {
              value: 'mobile',
              title: 'Mobile width (375 px)',
              label: (
                <>
                  <Smartphone size={15} aria-hidden="true" />
                  <span>Mobile</span>
                </>
              ),
            },
          ]}
          onChange={onWidth}
        />
      </div>
      <div className={`html-stage ${width}`}>
        <iframe
          className="html-frame"
          title="Message HTML"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          srcDoc={prepared.srcdoc}
        />
      </div>
    </div>
  );
}
