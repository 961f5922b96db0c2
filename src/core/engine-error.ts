/**
 * The closed set of reasons the engine can fail to start. Messages for people live with the
 * CLI and the UI (they know which flag set the port); the engine only says what and where.
 */
export type EngineErrorCode =
  | 'PORT_IN_USE'
  | 'ADDRESS_UNAVAILABLE'
  | 'PERMISSION_DENIED'
  | 'DATA_DIR_UNUSABLE'
  | 'SQLITE_BINDING_UNUSABLE'
  | 'INVALID_CONFIG';

export interface EngineErrorDetails {
  port?: number;
  host?: string;
  path?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly port?: number;
  readonly host?: string;
  readonly path?: string;

  constructor(code: EngineErrorCode, message: string, details: EngineErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EngineError';
    this.code = code;
    if (details.port !== undefined) this.port = details.port;
    if (details.host !== undefined) this.host = details.host;
    if (details.path !== undefined) this.path = details.path;
  }
}

/** Maps a failed listen() to the closed set; anything unexpected is rethrown as it is. */
export function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new EngineError('PORT_IN_USE', `port ${port} is already in use (${where})`, {
      host,
      port,
      cause: error,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new EngineError('ADDRESS_UNAVAILABLE', `address ${host} is not available here`, {
      host,
      port,
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new EngineError('PERMISSION_DENIED', `not allowed to listen on ${where}`, {
      host,
      port,
      cause: error,
    });
  }
  return error;
}
