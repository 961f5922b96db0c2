import { BeanstalkdError } from './queue/index.js';

/**
 * The closed set of reasons the engine can fail to start. Messages for people live with the
 * CLI and the UI (they know which flag set the port); the engine only says what and where.
 */
export type EngineErrorCode =
  | 'PORT_IN_USE'
  | 'ADDRESS_UNAVAILABLE'
  | 'PERMISSION_DENIED'
  | 'DATA_DIR_UNUSABLE'
  /** Another engine (the desktop app, another `serve`) is using the data dir. */
  | 'DATA_DIR_LOCKED'
  | 'SQLITE_BINDING_UNUSABLE'
  | 'INVALID_CONFIG';

/** Which of Beanpost's listeners failed, so a message can name the flag that moves it. */
export type EngineListener = 'smtp' | 'http' | 'beanstalkd';

export interface EngineErrorDetails {
  listener?: EngineListener;
  port?: number;
  host?: string;
  path?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly listener?: EngineListener;
  readonly port?: number;
  readonly host?: string;
  readonly path?: string;

  constructor(code: EngineErrorCode, message: string, details: EngineErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EngineError';
    this.code = code;
    if (details.listener !== undefined) this.listener = details.listener;
    if (details.port !== undefined) this.port = details.port;
    if (details.host !== undefined) this.host = details.host;
    if (details.path !== undefined) this.path = details.path;
  }
}

/** Maps a failed listen() to the closed set; anything unexpected is rethrown as it is. */
export function listenError(
  error: unknown,
  listener: EngineListener,
  host: string,
  port: number,
): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const details = { listener, host, port, cause: error };
  if (code === 'EADDRINUSE') return portInUse(details);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return addressUnavailable(details);
  }
  if (code === 'EACCES' || code === 'EPERM') return permissionDenied(details);
  return error;
}

type ListenDetails = EngineErrorDetails & { host: string; port: number };

function portInUse(details: ListenDetails): EngineError {
  const { host, port } = details;
  return new EngineError(
    'PORT_IN_USE',
    `port ${port} is already in use (${host}:${port})`,
    details,
  );
}

function addressUnavailable(details: ListenDetails): EngineError {
  return new EngineError(
    'ADDRESS_UNAVAILABLE',
    `address ${details.host} is not available here`,
    details,
  );
}

function permissionDenied(details: ListenDetails): EngineError {
  const { host, port } = details;
  return new EngineError('PERMISSION_DENIED', `not allowed to listen on ${host}:${port}`, details);
}

/**
 * The embedded beanstalkd's start-up failures in the engine's closed set, marked as the
 * beanstalkd listener's. `jobLog` is the directory of its log.
 */
export function beanstalkdStartError(
  error: unknown,
  host: string,
  port: number,
  jobLog: string,
): unknown {
  if (!(error instanceof BeanstalkdError)) return error;
  const details = { listener: 'beanstalkd' as const, host, port, cause: error };
  switch (error.code) {
    case 'PORT_IN_USE':
      return portInUse(details);
    case 'ADDRESS_UNAVAILABLE':
      return addressUnavailable(details);
    case 'PERMISSION_DENIED':
      return permissionDenied(details);
    case 'INVALID_OPTION':
      return new EngineError('INVALID_CONFIG', `invalid beanstalkd option: ${error.message}`, {
        listener: 'beanstalkd',
        cause: error,
      });
    case 'DATA_DIR_LOCKED':
    case 'DATA_DIR_UNUSABLE':
    case 'LOG_WRITE_FAILED':
      return new EngineError('DATA_DIR_UNUSABLE', error.message, {
        listener: 'beanstalkd',
        path: jobLog,
        cause: error,
      });
  }
}
