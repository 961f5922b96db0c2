import { z } from 'zod';
import { MessageSummarySchema } from './messages.js';

/** Every push on the WebSocket has this one shape: { type, data }. */
export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.new'), data: MessageSummarySchema }),
  z.object({ type: z.literal('message.deleted'), data: z.object({ ids: z.array(z.string()) }) }),
  z.object({ type: z.literal('messages.cleared'), data: z.object({}) }),
  z.object({
    type: z.literal('message.read'),
    data: z.object({ ids: z.array(z.string()), read: z.boolean() }),
  }),
  z.object({
    type: z.literal('messages.stats'),
    data: z.object({ total: z.number().int(), unread: z.number().int() }),
  }),
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
export type ServerEventData<T extends ServerEventType> = Extract<ServerEvent, { type: T }>['data'];

export const EVENTS_PATH = '/api/events';
