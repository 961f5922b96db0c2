/** The public surface of the engine: the server, the CLI and the Electron host use only this. */
export { Engine } from './engine.js';
export {
  DEFAULT_MAX_AGE_MS,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_MAX_MESSAGES,
  defaultDataDir,
  type EngineConfig,
  jobLogDir,
  resolveEngineConfig,
} from './engine-config.js';
export {
  EngineError,
  type EngineErrorCode,
  type EngineListener,
  listenError,
} from './engine-error.js';
export type { MessagePart, MessageStore } from './mail/message-store.js';
export { SearchSyntaxError } from './mail/search-query.js';
/** For "use the next free port" when beanstalkd's is taken (EmbeddedBeanstalkd.nextFreePort). */
export { DEFAULT_BEANSTALKD_PORT, EmbeddedBeanstalkd } from './queue/index.js';
