import { call } from './client.js';

/** `ids` undefined marks every message. */
export async function markRead(ids: string[] | undefined, read: boolean): Promise<void> {
  await call('messages.markRead', { body: ids === undefined ? { read } : { ids, read } });
}

export async function deleteMessage(id: string): Promise<void> {
  await call('messages.delete', { params: { id } });
}

export async function deleteAllMessages(): Promise<void> {
  await call('messages.deleteAll');
}
