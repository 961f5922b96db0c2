import { TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { MessageDetail } from '../../../shared/index.js';
import { fetchMessage } from '../../api/queries.js';
import { CommandButton } from '../../commands/command-button.js';
import {
  type CommandContext,
  deleteMessage,
  downloadEml,
  markRead,
  markUnread,
} from '../../commands/commands.js';
import { useAsync } from '../../hooks/use-async.js';
import { AttachmentsView } from './attachments-view.js';
import { EnvelopeView } from './envelope-view.js';
import { HeadersView } from './headers-view.js';
import { HtmlView, type PreviewScheme, type PreviewWidth } from './html-view.js';
import { SourceView } from './source-view.js';
import { TextView } from './text-view.js';
import { ViewerHeader } from './viewer-header.js';
import { PANEL_ID, type TabId, type TabSpec, tabDomId, ViewerTabs } from './viewer-tabs.js';

function tabsFor(message: MessageDetail): TabSpec[] {
  return [
    { id: 'html', label: 'HTML', disabled: message.html === null },
    { id: 'text', label: 'Text', disabled: message.text === null },
    { id: 'source', label: 'Source' },
    { id: 'headers', label: 'Headers' },
    { id: 'attachments', label: 'Attachments', count: message.attachments.length },
    { id: 'envelope', label: 'Envelope' },
  ];
}

/** The user's tab choice sticks across messages when the next one has that view. */
function effectiveTab(chosen: TabId, message: MessageDetail): TabId {
  if (chosen === 'html' && message.html === null) return message.text === null ? 'source' : 'text';
  if (chosen === 'text' && message.text === null) return message.html === null ? 'source' : 'html';
  return chosen;
}

interface Props {
  id: string;
  ctx: CommandContext;
  /** Told about each message once loaded (it carries the summary fields too). */
  onLoaded(message: MessageDetail): void;
}

export function Viewer({ id, ctx, onLoaded }: Props) {
  const current = useAsync(id, fetchMessage);
  const loaded = current.status === 'ready' ? current.value : null;
  useEffect(() => {
    if (loaded) onLoaded(loaded);
  }, [loaded, onLoaded]);
  // Keep showing the previous message while the next loads (j/k stays calm, no blank flash).
  const lastReady = useRef<MessageDetail | null>(null);
  if (current.status === 'ready') lastReady.current = current.value;
  const detail =
    current.status === 'loading' && lastReady.current
      ? { status: 'ready' as const, value: lastReady.current }
      : current;
  const [tab, setTab] = useState<TabId>('html');
  const [width, setWidth] = useState<PreviewWidth>('desktop');
  const [scheme, setScheme] = useState<PreviewScheme>('light');
  const [remoteAllowed, setRemoteAllowed] = useState<ReadonlySet<string>>(new Set());

  if (detail.status === 'loading') {
    return <section className="viewer viewer-loading" aria-busy="true" aria-label="Message" />;
  }
  if (detail.status === 'error') {
    const gone = detail.error.code === 'not_found';
    return (
      <section className="viewer viewer-placeholder" aria-label="Message">
        <p>
          {gone ? 'This message no longer exists.' : `Could not load it: ${detail.error.message}`}
        </p>
      </section>
    );
  }
  const message = detail.value;
  const active = effectiveTab(tab, message);

  const panel = (() => {
    switch (active) {
      case 'html':
        return message.html === null ? null : (
          <HtmlView
            message={message}
            html={message.html}
            allowRemote={remoteAllowed.has(message.id)}
            onAllowRemote={() => setRemoteAllowed(new Set(remoteAllowed).add(message.id))}
            width={width}
            onWidth={setWidth}
            scheme={scheme}
            onScheme={setScheme}
          />
        );
      case 'text':
        return <TextView text={message.text} />;
      case 'source':
        return <SourceView id={message.id} />;
      case 'headers':
        return <HeadersView headers={message.headers} />;
      case 'attachments':
        return <AttachmentsView id={message.id} attachments={message.attachments} />;
      case 'envelope':
        return <EnvelopeView message={message} />;
    }
  })();

  return (
    <section
      className="viewer"
      aria-label="Message"
      aria-busy={current.status === 'loading'}
      data-message-id={message.id}
    >
      <div className="viewer-toolbar">
        <CommandButton command={ctx.selected?.read === false ? markRead : markUnread} ctx={ctx} />
        <CommandButton command={downloadEml} ctx={ctx} />
        <CommandButton command={deleteMessage} ctx={ctx} variant="danger" />
      </div>
      <ViewerHeader message={message} />
      {message.malformed ? (
        <div className="warn-bar" role="status">
          <TriangleAlert size={15} aria-hidden="true" />
          <span>
            The MIME structure could not be fully parsed
            {message.parseError ? `: ${message.parseError}` : ''}. The Source tab shows the exact
            bytes received.
          </span>
        </div>
      ) : null}
      <ViewerTabs tabs={tabsFor(message)} active={active} onChange={setTab} />
      <div
        className={`viewer-panel panel-${active}`}
        id={PANEL_ID}
        role="tabpanel"
        aria-labelledby={tabDomId(active)}
        tabIndex={-1}
      >
        {panel}
      </div>
    </section>
  );
}
