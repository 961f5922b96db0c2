/** The public surface of the engine: the server, the CLI and the Electron host use only this. */
export { Engine } from './engine.js';
export {
  DEFAULT_MAX_AGE_MS,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_MAX_MESSAGES,
  defaultDataDir,
  type EngineConfig,
  resolveEngineConfig,
} from './engine-config.js';
export { EngineError, type EngineErrorCode, listenError } from './engine-error.js';
export type { MessagePart, MessageStore } from './mail/message-store.js';
export { SearchSyntaxError } from './mail/search-query.js';
