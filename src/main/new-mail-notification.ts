import type { MessageSummary } from '../shared/messages.js';

export interface NotificationContent {
  title: string;
  body: string;
  /** The message a click opens: the newest of the batch. */
  messageId: string;
}

/** Longer than this, OS notification centres cut the text anyway, mid-word. */
const MAX_TEXT = 120;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT - 1)}…` : oneLine;
}

function sender(message: MessageSummary): string {
  return message.from?.name || message.from?.address || 'Unknown sender';
}

/**
 * One notification for the mail that arrived since the last one. A test suite can send hundreds
 * of messages a second; they are shown as one "N new messages" rather than a storm of toasts.
 */
export function newMailNotification(
  arrived: readonly MessageSummary[],
): NotificationContent | undefined {
  const newest = arrived.at(-1);
  if (!newest) return undefined;
  const subject = clip(newest.subject) || '(no subject)';
  if (arrived.length === 1) {
    return { title: clip(sender(newest)), body: subject, messageId: newest.id };
  }
  return {
    title: `${arrived.length} new messages`,
    body: `Latest from ${clip(sender(newest))}: ${subject}`,
    messageId: newest.id,
  };
}
