import { EmbeddedBeanstalkd, EngineError, type EngineListener } from '../core/index.js';

const LISTENER: Record<EngineListener, { name: string; flag: string }> = {
  smtp: { name: 'SMTP', flag: '--smtp-port' },
  http: { name: 'HTTP', flag: '--http-port' },
  beanstalkd: { name: 'beanstalkd', flag: '--beanstalkd-port' },
};

/**
 * For a taken beanstalkd port, the next port free right now (null: none within 100); for any
 * other error, undefined. The likeliest squatter is the user's own beanstalkd, so "use it" or
 * "take the next one" are both offered.
 */
export async function nextFreeBeanstalkdPort(error: unknown): Promise<number | null | undefined> {
  if (!(error instanceof EngineError) || error.listener !== 'beanstalkd') return undefined;
  if (error.code !== 'PORT_IN_USE' || error.port === undefined) return undefined;
  return EmbeddedBeanstalkd.nextFreePort(error.host, error.port);
}

/**
 * One line for a person: what failed, where, and the flag that fixes it. The engine only says
 * what and where; which flag moved the port is the CLI's knowledge. `nextFreePort` is what
 * nextFreeBeanstalkdPort found, for a taken beanstalkd port.
 */
export function startErrorMessage(
  error: unknown,
  nextFreePort?: number | null,
): string | undefined {
  if (!(error instanceof EngineError)) return undefined;
  const listener = LISTENER[error.listener ?? 'smtp'];
  const where = `${error.port ?? '?'} on ${error.host ?? '?'}`;
  switch (error.code) {
    case 'PORT_IN_USE':
      if (error.listener === 'beanstalkd') {
        const next =
          typeof nextFreePort === 'number'
            ? `the next free port with ${listener.flag} ${nextFreePort}`
            : `another port with ${listener.flag}`;
        return `beanstalkd port ${where} is already in use (another beanstalkd?); use the running one with --no-beanstalkd, or ${next}`;
      }
      return `${listener.name} port ${where} is already in use; choose another with ${listener.flag}`;
    case 'PERMISSION_DENIED':
      return `not allowed to listen on ${listener.name} port ${where} (ports below 1024 need privileges); choose another with ${listener.flag}`;
    case 'ADDRESS_UNAVAILABLE': {
      const flag = error.listener === 'beanstalkd' ? '--beanstalkd-host' : '--host';
      return `address ${error.host ?? '?'} is not available on this machine; choose another with ${flag}`;
    }
    case 'DATA_DIR_LOCKED':
      return `${error.message}; stop it, or give this one its own data directory with --data-dir`;
    case 'DATA_DIR_UNUSABLE':
      if (error.listener === 'beanstalkd') {
        return `the beanstalkd job log in ${error.path ?? '?'} cannot be used (${error.message}); choose another --data-dir, or keep jobs in memory with --no-persist`;
      }
      return `data directory ${error.path ?? '?'} cannot be used (${error.message}); choose another with --data-dir`;
    case 'SQLITE_BINDING_UNUSABLE':
      // Under plain Node: node_modules was built for another Node version (or for Electron).
      return `${error.message}; run \`npm rebuild better-sqlite3\` with this Node`;
    case 'INVALID_CONFIG':
      return error.message;
  }
}
