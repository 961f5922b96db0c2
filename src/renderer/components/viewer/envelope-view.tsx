import type { MessageDetail } from '../../../shared/index.js';
import { formatBytes, formatLongDate } from '../../lib/format.js';

function bareAddress(value: string): string {
  return value.trim().replace(/^<|>$/g, '').toLowerCase();
}

/** What the SMTP client actually said, and the session it said it in. */
export function EnvelopeView({ message }: { message: MessageDetail }) {
  const { envelope, transcript } = message;
  const visible = new Set([...message.to, ...message.cc].map((a) => bareAddress(a.address)));
  const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
  return (
    <div className="envelope-view">
      <table className="kv-table">
        <tbody>
          <tr>
            <th scope="row">MAIL FROM</th>
            <td>
              <code>{envelope.mailFrom || '<>'}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">RCPT TO</th>
            <td>
              <ul className="rcpt-list">
                {envelope.rcptTo.map((rcpt) => {
                  const hidden = !visible.has(bareAddress(rcpt));
                  return (
                    <li
                      key={rcpt}
                      className={hidden ? 'rcpt-bcc' : undefined}
                      data-bcc={hidden || undefined}
                    >
                      <code>{rcpt}</code>
                      {hidden ? (
                        <span
                          className="badge badge-warn"
                          title="In the envelope but not in To or Cc"
                        >
                          Bcc
                        </span>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </td>
          </tr>
          <tr>
            <th scope="row">Received</th>
            <td>
              {formatLongDate(message.receivedAt)} · {formatBytes(message.size)}
            </td>
          </tr>
          <tr>
            <th scope="row">Client</th>
            <td>
              <code>{envelope.remoteAddress}</code>
              {envelope.clientHostname &&
              bareAddress(envelope.clientHostname).replace(/^\[|\]$/g, '') !==
                envelope.remoteAddress ? (
                <span className="muted"> ({envelope.clientHostname})</span>
              ) : null}
            </td>
          </tr>
          <tr>
            <th scope="row">HELO</th>
            <td>
              <code>{envelope.heloName || '—'}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">Auth</th>
            <td>{envelope.authUser ? <code>{envelope.authUser}</code> : 'none'}</td>
          </tr>
          <tr>
            <th scope="row">TLS</th>
            <td>{envelope.secure ? 'STARTTLS' : 'no'}</td>
          </tr>
          <tr>
            <th scope="row">SMTPUTF8</th>
            <td>{yesNo(envelope.utf8)}</td>
          </tr>
        </tbody>
      </table>

      <h3 className="section-title">SMTP transcript</h3>
      {transcript.length === 0 ? (
        <p className="panel-empty">No transcript was recorded for this message.</p>
      ) : (
        <ol className="transcript" data-testid="transcript">
          {transcript.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the transcript never reorders
            <li key={index} className={`transcript-line ${line.direction}`}>
              <span className="transcript-at">{line.at.toFixed(0)} ms</span>
              <abbr className="transcript-dir" title={line.direction}>
                {line.direction === 'client' ? 'C:' : 'S:'}
              </abbr>
              <span className="transcript-text">{line.line}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
