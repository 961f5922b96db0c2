import { Inbox } from 'lucide-react';
import { useState } from 'react';
import type { Info } from '../../shared/index.js';
import { connectableHost, smtpSnippets } from '../lib/snippets.js';
import { CopyButton } from './copy-button.js';

/** Shown when the inbox is empty: where to send mail, and how to point an app at it. */
export function EmptyState({ info }: { info: Info | null }) {
  const [tab, setTab] = useState('laravel');
  const host = info ? connectableHost(info.smtp.host) : '127.0.0.1';
  const port = info?.smtp.port ?? 1025;
  const queue = info?.beanstalkd
    ? { host: connectableHost(info.beanstalkd.host), port: info.beanstalkd.port }
    : null;
  const snippets = smtpSnippets(host, port, queue);
  const current = snippets.find((snippet) => snippet.id === tab) ?? snippets[0];

  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <div className="empty-icon" aria-hidden="true">
        <Inbox size={28} />
      </div>
      <h1 id="empty-title">No mail yet</h1>
      <p className="empty-lead">
        Point your app's SMTP settings at Beanpost and every message it sends shows up here,
        instantly. Nothing is delivered to real inboxes.
      </p>
      <dl className="smtp-facts">
        <div>
          <dt>SMTP host</dt>
          <dd>
            <code>{host}</code>
          </dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd>
            <code>{port}</code>
          </dd>
        </div>
        <div>
          <dt>Auth</dt>
          <dd>none needed</dd>
        </div>
        <div>
          <dt>TLS</dt>
          <dd>{info?.smtp.tls ? 'STARTTLS offered' : 'off'}</dd>
        </div>
      </dl>
      {queue ? (
        <p className="empty-queue">
          Queue: beanstalkd at{' '}
          <code data-testid="empty-queue-address">
            {queue.host}:{queue.port}
          </code>
          {info?.beanstalkd?.persist ? ', jobs kept across restarts' : ', jobs in memory'}
        </p>
      ) : null}
      {current ? (
        <div className="snippets">
          <div className="snippet-tabs" role="tablist" aria-label="Framework">
            {snippets.map((snippet) => (
              <button
                key={snippet.id}
                type="button"
                role="tab"
                id={`snippet-tab-${snippet.id}`}
                aria-selected={snippet.id === current.id}
                aria-controls="snippet-panel"
                className="snippet-tab"
                onClick={() => setTab(snippet.id)}
              >
                {snippet.label}
              </button>
            ))}
          </div>
          <div
            className="snippet-panel"
            id="snippet-panel"
            role="tabpanel"
            aria-labelledby={`snippet-tab-${current.id}`}
          >
            <div className="snippet-head">
              <span className="snippet-file">{current.file}</span>
              <CopyButton text={current.code} />
            </div>
            <pre className="snippet-code">
              <code>{current.code}</code>
            </pre>
          </div>
        </div>
      ) : null}
    </section>
  );
}
