import type { Info, MessageDetail, MessageList } from '../../shared/index.js';
import { partPath, rawPath } from '../../shared/index.js';
import { apiUrl } from './api-base.js';
import { call, fetchText } from './client.js';

export function fetchInfo(signal?: AbortSignal): Promise<Info> {
  return call('info.get', { signal });
}

export function fetchMessagePage(
  page: { offset: number; limit: number; query: string },
  signal?: AbortSignal,
): Promise<MessageList> {
  return call('messages.list', { query: page, signal });
}

export function fetchMessage(id: string, signal?: AbortSignal): Promise<MessageDetail> {
  return call('messages.get', { params: { id }, signal });
}

/** The exact bytes received, decoded for the Source tab. */
export function fetchRawSource(id: string, signal?: AbortSignal): Promise<string> {
  return fetchText(rawPath(id), signal);
}

export function rawDownloadUrl(id: string): string {
  return apiUrl(`${rawPath(id)}?download=1`);
}

export function partUrl(id: string, partId: string): string {
  return apiUrl(partPath(id, partId));
}

export function partDownloadUrl(id: string, partId: string): string {
  return apiUrl(`${partPath(id, partId)}?download=1`);
}
