import { EngineError } from '../core/index.js';
import { HttpListenError } from '../server/start-beanpost.js';

/**
 * One line for a person: what failed, where, and the flag that fixes it. The engine only says
 * what and where; which flag moved the port is the CLI's knowledge.
 */
export function startErrorMessage(error: unknown): string | undefined {
  if (!(error instanceof EngineError)) return undefined;
  const listener = error instanceof HttpListenError ? 'HTTP' : 'SMTP';
  const portFlag = listener === 'HTTP' ? '--http-port' : '--smtp-port';
  const where = `${error.port ?? '?'} on ${error.host ?? '?'}`;
  switch (error.code) {
    case 'PORT_IN_USE':
      return `${listener} port ${where} is already in use; choose another with ${portFlag}`;
    case 'PERMISSION_DENIED':
      return `not allowed to listen on ${listener} port ${where} (ports below 1024 need privileges); choose another with ${portFlag}`;
    case 'ADDRESS_UNAVAILABLE':
      return `address ${error.host ?? '?'} is not available on this machine; choose another with --host`;
    case 'DATA_DIR_UNUSABLE':
      return `data directory ${error.path ?? '?'} cannot be used (${error.message}); choose another with --data-dir`;
    case 'SQLITE_BINDING_UNUSABLE':
      // Under plain Node: node_modules was built for another Node version (or for Electron).
      return `${error.message}; run \`npm rebuild better-sqlite3\` with this Node`;
    case 'INVALID_CONFIG':
      return error.message;
  }
}
