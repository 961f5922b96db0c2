import { CommanderError } from 'commander';
import { type ServeFlags, serveCommand, serveOptions } from '../cli/serve-command.js';
import { defaultDataDir } from '../core/index.js';
import type { BeanpostOptions } from '../server/start-beanpost.js';
import type { DesktopSettings } from './desktop-settings.js';

/** A flag the desktop app could not accept; the message is commander's, naming the flag. */
export class LaunchFlagsError extends Error {
  override readonly name = 'LaunchFlagsError';
}

export interface LaunchFlags {
  /** The data dir to use: --data-dir, else the one `beanpost serve` uses, so both share mail. */
  dataDir: string;
  options: BeanpostOptions;
  /** Ports the user gave on the command line; those win over the settings file. */
  portsGiven: { smtpPort: boolean; httpPort: boolean; beanstalkdPort: boolean };
}

/**
 * Reads the desktop app's arguments with `beanpost serve`'s own flag definitions, so the two accept
 * exactly the same flags. Anything else on the command line (the app path in development,
 * Chromium switches) is ignored rather than refused.
 */
export function parseLaunchFlags(args: readonly string[]): LaunchFlags {
  const command = serveCommand()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {});
  try {
    command.parse([...args], { from: 'user' });
  } catch (error) {
    // --help has nowhere to print in a desktop app; it is not a reason to refuse to start.
    if (!(error instanceof CommanderError)) throw error;
    if (error.code !== 'commander.helpDisplayed') throw new LaunchFlagsError(error.message);
  }
  const flags = command.opts<ServeFlags>();
  const given = (name: keyof ServeFlags): boolean => command.getOptionValueSource(name) === 'cli';
  const dataDir = flags.dataDir ?? defaultDataDir();
  return {
    dataDir,
    options: { ...serveOptions(flags), dataDir },
    portsGiven: {
      smtpPort: given('smtpPort'),
      httpPort: given('httpPort'),
      beanstalkdPort: given('beanstalkdPort'),
    },
  };
}

/** Ports: a command-line flag, else the settings file, else the default. */
export function withSettings(flags: LaunchFlags, settings: DesktopSettings): BeanpostOptions {
  const { options, portsGiven } = flags;
  const port = (key: keyof LaunchFlags['portsGiven']): number | undefined =>
    portsGiven[key] ? options[key] : (settings[key] ?? options[key]);
  return {
    ...options,
    smtpPort: port('smtpPort'),
    httpPort: port('httpPort'),
    beanstalkdPort: port('beanstalkdPort'),
  };
}

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '[::]']);

/**
 * Where the window loads the UI. A wildcard bind is reached through loopback (0.0.0.0 is not a
 * destination on every OS), and beyond loopback the server wants its token once, which it trades
 * for a cookie.
 */
export function windowUrl(running: { url: string; token: string | null }): string {
  const url = new URL(running.url);
  if (WILDCARD_HOSTS.has(url.hostname))
    url.hostname = url.hostname === '[::]' ? '[::1]' : '127.0.0.1';
  if (running.token !== null) url.searchParams.set('token', running.token);
  return url.href;
}
