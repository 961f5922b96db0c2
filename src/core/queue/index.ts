export type { FsyncPolicy } from './beanstalkd/binlog.js';
export {
  DEFAULT_BEANSTALKD_HOST,
  DEFAULT_BEANSTALKD_PORT,
  EmbeddedBeanstalkd,
  type EmbeddedBeanstalkdEvents,
  type EmbeddedBeanstalkdOptions,
  EmbeddedBeanstalkdOptionsSchema,
} from './beanstalkd/embedded-beanstalkd.js';
export {
  BEANSTALKD_ERROR_CODES,
  BEANSTALKD_ERROR_MESSAGES,
  BeanstalkdError,
  type BeanstalkdErrorCode,
} from './beanstalkd/errors.js';
