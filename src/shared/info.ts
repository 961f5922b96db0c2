import { z } from 'zod';

export const ListenerSchema = z.object({ host: z.string(), port: z.number().int() });

/** What the UI needs to know about the running engine (shown in the empty state and the status bar). */
export const InfoSchema = z.object({
  version: z.string(),
  smtp: ListenerSchema.extend({ tls: z.boolean(), maxMessageSize: z.number().int() }),
  http: ListenerSchema,
  /** The embedded beanstalkd; null when it is off (`--no-beanstalkd`). persist: jobs survive a restart. */
  beanstalkd: ListenerSchema.extend({ persist: z.boolean() }).nullable(),
  dataDir: z.string(),
  retention: z.object({ maxMessages: z.number().int(), maxAgeMs: z.number().int() }),
});
export type Info = z.infer<typeof InfoSchema>;
