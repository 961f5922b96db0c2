import { describe, expect, it } from 'vitest';
import { newMailNotification } from '../../src/main/new-mail-notification.js';
import type { MessageSummary } from '../../src/shared/messages.js';

function summary(id: string, change: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    subject: 'Reset your password',
    from: { name: 'Acme Support', address: 'support@acme.test' },
    to: [{ name: '', address: 'user@example.com' }],
    date: '2025-01-01T00:00:00.000Z',
    receivedAt: '2025-01-01T00:00:00.000Z',
    size: 1200,
    read: false,
    hasAttachments: false,
    snippet: '',
    malformed: false,
    ...change,
  };
}

describe('newMailNotification', () => {
  it('has nothing to say for no mail', () => {
    expect(newMailNotification([])).toBeUndefined();
  });

  it('titles one message with its sender and shows the subject', () => {
    expect(newMailNotification([summary('7')])).toEqual({
      title: 'Acme Support',
      body: 'Reset your password',
      messageId: '7',
    });
  });

  it('falls back to the address, then to a placeholder, and names a missing subject', () => {
    const bare = summary('8', { from: { name: '', address: 'bot@acme.test' }, subject: '' });
    expect(newMailNotification([bare])).toMatchObject({
      title: 'bot@acme.test',
      body: '(no subject)',
    });
    expect(newMailNotification([summary('9', { from: null })])?.title).toBe('Unknown sender');
  });

  it('folds a burst into one notification that opens the newest message', () => {
    const burst = [summary('1'), summary('2'), summary('3', { subject: 'Your invoice' })];
    expect(newMailNotification(burst)).toEqual({
      title: '3 new messages',
      body: 'Latest from Acme Support: Your invoice',
      messageId: '3',
    });
  });

  it('keeps text on one line and short', () => {
    const long = summary('4', { subject: `Line one\r\n\tline two ${'x'.repeat(300)}` });
    const body = newMailNotification([long])?.body ?? '';
    expect(body.startsWith('Line one line two x')).toBe(true);
    expect(body.length).toBe(120);
    expect(body.endsWith('…')).toBe(true);
  });
});
