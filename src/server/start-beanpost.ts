import { Engine, type EngineConfig, EngineError, listenError } from '../core/index.js';
import { buildApp } from './app.js';
import { defaultStaticDir, packageInfo } from './package-root.js';
import { isLoopbackName, newAccessToken } from './security-guards.js';

export interface BeanpostOptions extends Partial<EngineConfig> {
  /** Default 1080; 0 = any free port. */
  httpPort?: number;
  /** The built renderer (out/renderer); default resolved relative to the package. */
  staticDir?: string;
  /** Origins besides our own allowed to call the API, e.g. the electron-vite dev server. */
  extraOrigins?: string[];
}

export interface RunningBeanpost {
  engine: Engine;
  /** Base URL of the UI and API, e.g. http://127.0.0.1:1080 */
  url: string;
  smtpPort: number;
  httpPort: number;
  /** The API token when bound beyond loopback (send as Bearer, or open `${url}/?token=`); else null. */
  token: string | null;
  stop(): Promise<void>;
}

export const DEFAULT_HTTP_PORT = 1080;

/** The HTTP listener failed (same codes as the engine's); lets callers name --http-port. */
export class HttpListenError extends EngineError {
  constructor(cause: EngineError) {
    super(cause.code, `HTTP ${cause.message}`, {
      listener: 'http',
      ...(cause.port !== undefined && { port: cause.port }),
      ...(cause.host !== undefined && { host: cause.host }),
      cause,
    });
    this.name = 'HttpListenError';
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the engine, then the HTTP + WebSocket API and UI over it; stop() undoes both. */
export async function startBeanpost(options: BeanpostOptions = {}): Promise<RunningBeanpost> {
  const { httpPort = DEFAULT_HTTP_PORT, staticDir, extraOrigins = [], ...engineOptions } = options;
  const engine = await Engine.start(engineOptions);
  const { host } = engine.config;
  const token = isLoopbackName(host) ? null : newAccessToken();

  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({
      engine,
      bindHost: host,
      staticDir: staticDir ?? defaultStaticDir(),
      extraOrigins,
      token,
      version: packageInfo().version,
    });
    try {
      await app.listen({ host, port: httpPort });
    } catch (error) {
      await app.close();
      const mapped = listenError(error, 'http', host, httpPort);
      throw mapped instanceof EngineError ? new HttpListenError(mapped) : mapped;
    }
  } catch (error) {
    await engine.stop();
    throw error;
  }

  const address = app.server.address();
  const boundPort = address !== null && typeof address === 'object' ? address.port : httpPort;
  let stopping: Promise<void> | undefined;
  return {
    engine,
    url: `http://${urlHost(host)}:${boundPort}`,
    smtpPort: engine.smtpAddress.port,
    httpPort: boundPort,
    token,
    stop: () => {
      stopping ??= app.close().finally(() => engine.stop());
      return stopping;
    },
  };
}
