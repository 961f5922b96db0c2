import { startErrorMessage } from '../cli/start-error-message.js';
import { EngineError, type EngineListener } from '../core/index.js';
import type { DesktopSettings } from './desktop-settings.js';
import { LaunchFlagsError } from './launch-options.js';

export interface StartupErrorDialog {
  title: string;
  message: string;
  detail: string;
}

/** Where each listener's port is set: the settings file key and the flag. */
const PORT_SETTING: Record<EngineListener, { key: keyof DesktopSettings; flag: string }> = {
  smtp: { key: 'smtpPort', flag: '--smtp-port' },
  http: { key: 'httpPort', flag: '--http-port' },
  beanstalkd: { key: 'beanstalkdPort', flag: '--beanstalkd-port' },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What the desktop app says when Beanpost cannot start, in place of a crash: the CLI's one-line
 * reason, and for a port problem the three ways to move the port (the desktop app has no
 * terminal where a flag would be the obvious answer).
 */
export function startupErrorDialog(error: unknown, settingsPath: string): StartupErrorDialog {
  const title = 'Beanpost could not start';
  if (error instanceof LaunchFlagsError) {
    return {
      title,
      message: capitalise(error.message.replace(/^error: /, '')),
      detail: 'The desktop app accepts the same flags as `beanpost serve`; fix or remove this one.',
    };
  }
  if (error instanceof EngineError && error.code === 'SQLITE_BINDING_UNUSABLE') {
    // Most likely node_modules' build for plain Node, which Electron cannot load.
    return {
      title,
      message: 'Beanpost could not load its database module (SQLite) in Electron.',
      detail: [
        'The desktop app needs a build of better-sqlite3 for Electron, kept apart from the one `beanpost serve` uses. Run `npm start` in the Beanpost folder: it prepares that build (once, tens of seconds) and starts the app with it.',
        '',
        error.message,
      ].join('\n'),
    };
  }
  const line = startErrorMessage(error);
  if (line === undefined || !(error instanceof EngineError)) {
    return {
      title,
      message: 'An unexpected error stopped Beanpost from starting.',
      detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  const message = capitalise(line);
  if (error.code !== 'PORT_IN_USE' && error.code !== 'PERMISSION_DENIED') {
    return {
      title,
      message,
      detail:
        'Start the app with the flag named above; it accepts the same flags as `beanpost serve`.',
    };
  }
  const { key, flag } = PORT_SETTING[error.listener ?? 'smtp'];
  // The next port up is the likeliest free one and keeps the number recognisable.
  const example = error.port !== undefined && error.port < 65_535 ? error.port + 1 : 0;
  const cause =
    error.code === 'PORT_IN_USE'
      ? `Another program is already listening there: perhaps ${error.listener === 'beanstalkd' ? 'a beanstalkd of your own' : '`beanpost serve`, MailHog, Mailpit or MailCatcher'}. Quit it, or give Beanpost another port.`
      : 'Ports below 1024 need administrator rights. Give Beanpost a higher port.';
  return {
    title,
    message,
    detail: [
      cause,
      '',
      `• In the settings file ${settingsPath}, add "${key}": ${example}`,
      `• Or start the app with ${flag} ${example} (it accepts the same flags as \`beanpost serve\`).`,
    ].join('\n'),
  };
}
