/** The closed set of reasons the embedded beanstalkd fails to start or keep its log. */
export const BEANSTALKD_ERROR_CODES = [
  'PORT_IN_USE',
  'ADDRESS_UNAVAILABLE',
  'PERMISSION_DENIED',
  'INVALID_OPTION',
  'DATA_DIR_LOCKED',
  'DATA_DIR_UNUSABLE',
  'LOG_WRITE_FAILED',
] as const;
export type BeanstalkdErrorCode = (typeof BEANSTALKD_ERROR_CODES)[number];

/** Messages for people, kept apart from the codes. */
export const BEANSTALKD_ERROR_MESSAGES: Record<BeanstalkdErrorCode, string> = {
  PORT_IN_USE: 'The port is already in use by another program.',
  ADDRESS_UNAVAILABLE: 'The listen address does not exist on this machine.',
  PERMISSION_DENIED: 'Not allowed to listen on this port.',
  INVALID_OPTION: 'An option has an invalid value.',
  DATA_DIR_LOCKED: 'Another beanstalkd process is using the data directory.',
  DATA_DIR_UNUSABLE: 'The data directory cannot be read or written.',
  LOG_WRITE_FAILED: 'Writing the job log failed; new jobs are refused until it works again.',
};

export class BeanstalkdError extends Error {
  override readonly name = 'BeanstalkdError';

  constructor(
    readonly code: BeanstalkdErrorCode,
    detail: string,
    readonly port?: number,
    options?: ErrorOptions,
  ) {
    super(`${BEANSTALKD_ERROR_MESSAGES[code]} ${detail}`.trim(), options);
  }
}

/** Maps a listen() failure onto the closed set. */
export function listenError(
  err: NodeJS.ErrnoException,
  host: string,
  port: number,
): BeanstalkdError {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new BeanstalkdError('PORT_IN_USE', `(${where})`, port, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new BeanstalkdError('PERMISSION_DENIED', `(${where})`, port, { cause: err });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new BeanstalkdError('ADDRESS_UNAVAILABLE', `(${where})`, port, { cause: err });
    default:
      return new BeanstalkdError('ADDRESS_UNAVAILABLE', `(${where}: ${err.message})`, port, {
        cause: err,
      });
  }
}
