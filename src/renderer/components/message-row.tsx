import { Paperclip, TriangleAlert } from 'lucide-react';
import { memo } from 'react';
import type { MessageSummary } from '../../shared/index.js';
import { displayName, formatListDate, formatLongDate } from '../lib/format.js';
import { Avatar } from './avatar.js';

interface Props {
  message: MessageSummary;
  selected: boolean;
  now: number;
}

export const rowDomId = (id: string): string => `message-row-${id}`;

/** One message in the list; purely presentational (the list owns selection and events). */
export const MessageRow = memo(function MessageRow({ message, selected, now }: Props) {
  return (
    <div className={`row-inner${message.read ? '' : ' unread'}${selected ? ' selected' : ''}`}>
      <span className="unread-dot" aria-hidden="true" />
      <Avatar address={message.from} />
      <div className="row-text">
        <div className="row-line">
          <span className="row-from" dir="auto">
            {displayName(message.from)}
          </span>
          <time className="row-date" dateTime={message.date} title={formatLongDate(message.date)}>
            {formatListDate(message.date, now)}
          </time>
        </div>
        <div className="row-line">
          <span className="row-subject" dir="auto">
            {message.subject || '(no subject)'}
          </span>
          {message.malformed ? (
            <TriangleAlert size={14} className="row-icon warn" aria-label="Malformed MIME" />
          ) : null}
          {message.hasAttachments ? (
            <Paperclip size={14} className="row-icon" aria-label="Has attachments" />
          ) : null}
        </div>
        <div className={`row-snippet${message.snippet ? '' : ' none'}`} dir="auto">
          {message.snippet || 'No text preview'}
        </div>
      </div>
    </div>
  );
});

export function SkeletonRow() {
  return (
    <div className="row-inner skeleton" aria-hidden="true">
      <span className="unread-dot" />
      <span className="avatar skeleton-block" />
      <div className="row-text">
        <span className="skeleton-bar" style={{ width: '45%' }} />
        <span className="skeleton-bar" style={{ width: '75%' }} />
        <span className="skeleton-bar" style={{ width: '60%' }} />
      </div>
    </div>
  );
}
