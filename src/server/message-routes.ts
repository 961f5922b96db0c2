import type { FastifyInstance } from 'fastify';
import { type Engine, SearchSyntaxError } from '../core/index.js';
import type { Info } from '../shared/index.js';
import { ApiHttpError } from './api-errors.js';
import { registerContractRoutes } from './contract-routes.js';

export interface MessageRoutesOptions {
  engine: Engine;
  version: string;
  /** Where the HTTP server actually listens, known only after listen(). */
  httpAddress: () => { host: string; port: number };
}

function notFound(id: string): ApiHttpError {
  return new ApiHttpError('not_found', `no message ${id}`);
}

/** The JSON API of the contract table: read parameters, call the store, answer. */
export function registerMessageRoutes(app: FastifyInstance, options: MessageRoutesOptions): void {
  const { engine, version } = options;
  const { store } = engine;

  registerContractRoutes(app, {
    'info.get': (): Info => ({
      version,
      smtp: {
        ...engine.smtpAddress,
        tls: engine.config.smtpTls,
        maxMessageSize: engine.config.maxMessageSize,
      },
      http: options.httpAddress(),
      beanstalkd: engine.beanstalkdAddress && {
        ...engine.beanstalkdAddress,
        persist: engine.config.beanstalkdPersist,
      },
      dataDir: engine.config.dataDir,
      retention: { maxMessages: engine.config.maxMessages, maxAgeMs: engine.config.maxAgeMs },
    }),

    'messages.list': ({ query }) => {
      try {
        return store.list(query);
      } catch (error) {
        if (error instanceof SearchSyntaxError)
          throw new ApiHttpError('bad_request', error.message);
        throw error;
      }
    },

    'messages.get': ({ params }) => {
      const message = store.get(params.id);
      if (message === undefined) throw notFound(params.id);
      return message;
    },

    'messages.markRead': ({ body }) => {
      store.markRead(body.ids, body.read);
      return { ok: true };
    },

    'messages.delete': ({ params }) => {
      if (!store.delete(params.id)) throw notFound(params.id);
      return { ok: true };
    },

    'messages.deleteAll': () => {
      store.deleteAll();
      return { ok: true };
    },
  });
}
