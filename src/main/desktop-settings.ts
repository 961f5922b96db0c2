import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json';

const PortSchema = z.number().int().min(0).max(65_535);

/**
 * Preferences of the desktop app, kept in the data dir beside the mail. Each field is checked on
 * its own (`catch`): one bad value falls back to its default without losing the others.
 */
const DesktopSettingsSchema = z.object({
  notifications: z.boolean().catch(true),
  /** Overrides the default SMTP port (1025) for the desktop app; flags and env win over it. */
  smtpPort: PortSchema.optional().catch(undefined),
  /** Overrides the default HTTP port (1080) for the desktop app; flags and env win over it. */
  httpPort: PortSchema.optional().catch(undefined),
  /** Overrides the embedded beanstalkd's default port (11300); "Use port N" after a clash sets it. */
  beanstalkdPort: PortSchema.optional().catch(undefined),
});
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

const DEFAULTS: DesktopSettings = { notifications: true };

export class DesktopSettingsStore {
  readonly path: string;
  #current: DesktopSettings;

  constructor(dataDir: string) {
    this.path = join(dataDir, DESKTOP_SETTINGS_FILE);
    this.#current = readJsonFile(this.path, DesktopSettingsSchema) ?? DEFAULTS;
  }

  get(): DesktopSettings {
    return { ...this.#current };
  }

  /**
   * Applies a change and writes the whole file (only known keys survive). The change holds for
   * this run even when the write throws.
   */
  update(change: Partial<DesktopSettings>): DesktopSettings {
    this.#current = DesktopSettingsSchema.parse({ ...this.#current, ...change });
    writeJsonFile(this.path, this.#current);
    return this.get();
  }
}
