import { Command } from 'commander';
import {
  DEFAULT_BEANSTALKD_PORT,
  DEFAULT_MAX_AGE_MS,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_MAX_MESSAGES,
  defaultDataDir,
  jobLogDir,
} from '../core/index.js';
import { packageInfo } from '../server/package-root.js';
import {
  type BeanpostOptions,
  DEFAULT_HTTP_PORT,
  type RunningBeanpost,
  startBeanpost,
} from '../server/start-beanpost.js';
import { parseCount, parseDuration, parsePort, parseSize } from './option-parsers.js';
import { nextFreeBeanstalkdPort, startErrorMessage } from './start-error-message.js';
import { stopOnSignals } from './stop-on-signals.js';

/** The parsed values of `beanpost serve`'s flags (the desktop app parses the same flags). */
export interface ServeFlags {
  host: string;
  smtpPort: number;
  httpPort: number;
  dataDir?: string;
  maxMessages?: number;
  maxAge?: number;
  maxMessageSize?: number;
  smtpTls: boolean;
  /** Undefined = loopback (the engine's default), whatever --host is. */
  beanstalkdHost?: string;
  beanstalkdPort: number;
  /** false with --no-beanstalkd. */
  beanstalkd: boolean;
  /** false with --no-persist. */
  persist: boolean;
}

/** What the flags ask startBeanpost for; flags not given stay undefined (engine defaults). */
export function serveOptions(flags: ServeFlags): BeanpostOptions {
  return {
    host: flags.host,
    smtpPort: flags.smtpPort,
    httpPort: flags.httpPort,
    dataDir: flags.dataDir,
    maxMessages: flags.maxMessages,
    maxAgeMs: flags.maxAge,
    maxMessageSize: flags.maxMessageSize,
    smtpTls: flags.smtpTls,
    beanstalkdEnabled: flags.beanstalkd,
    beanstalkdHost: flags.beanstalkdHost,
    beanstalkdPort: flags.beanstalkdPort,
    beanstalkdPersist: flags.persist,
  };
}

function hostPort({ host, port }: { host: string; port: number }): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function printReady(running: RunningBeanpost, version: string): void {
  const { config, smtpAddress } = running.engine;
  console.log(`Beanpost ${version}`);
  console.log(`SMTP at ${hostPort(smtpAddress)}${config.smtpTls ? ' (STARTTLS offered)' : ''}`);
  const { beanstalkdAddress } = running.engine;
  if (beanstalkdAddress !== null) {
    const where = config.beanstalkdPersist
      ? `jobs kept in ${jobLogDir(config.dataDir)}`
      : 'in memory';
    console.log(`beanstalkd at ${hostPort(beanstalkdAddress)} (${where})`);
  }
  console.log(`UI and API at ${running.url}`);
  if (running.token !== null) {
    const signIn = new URL(running.url);
    signIn.searchParams.set('token', running.token);
    console.log(`API token (bound beyond loopback): ${running.token}`);
    console.log(`  sign the browser in once with ${signIn.href}`);
    if (signIn.hostname === '0.0.0.0' || signIn.hostname === '[::]') {
      console.log("  (from another machine, put this machine's address in place of the host)");
    }
  }
  console.log(`Data in ${config.dataDir}`);
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the SMTP catcher with its UI and API (headless; open the URL in a browser)')
    .option(
      '--host <addr>',
      'address to bind SMTP and HTTP to; beyond loopback the API requires a token (beanstalkd stays on 127.0.0.1, see --beanstalkd-host)',
      '127.0.0.1',
    )
    .option('--smtp-port <n>', 'SMTP port (0 = any free port)', parsePort, 1025)
    .option(
      '--http-port <n>',
      'HTTP port of the UI and API (0 = any free port)',
      parsePort,
      DEFAULT_HTTP_PORT,
    )
    .option('--data-dir <dir>', `where messages are stored (default: ${defaultDataDir()})`)
    .option(
      '--max-messages <n>',
      `keep at most this many messages, oldest go first; 0 = no limit (default: ${DEFAULT_MAX_MESSAGES})`,
      parseCount,
    )
    .option(
      '--max-age <duration>',
      `delete messages older than this, e.g. 30d, 12h, 90m; 0 = off (default: ${DEFAULT_MAX_AGE_MS === 0 ? 'off' : `${DEFAULT_MAX_AGE_MS / 3_600_000}h`})`,
      parseDuration,
    )
    .option(
      '--max-message-size <bytes>',
      `refuse bigger messages (SMTP 552); bytes or a size like 25MB (default: ${DEFAULT_MAX_MESSAGE_SIZE / 1024 ** 2}MB)`,
      parseSize,
    )
    .option(
      '--smtp-tls',
      'offer STARTTLS with a self-signed certificate kept in the data dir',
      false,
    )
    .option(
      '--beanstalkd-host <addr>',
      'address to bind the embedded beanstalkd to; it has no authentication, so beyond loopback anyone who can reach it can read, add and delete jobs (default: 127.0.0.1)',
    )
    .option(
      '--beanstalkd-port <n>',
      'port of the embedded beanstalkd (0 = any free port)',
      parsePort,
      DEFAULT_BEANSTALKD_PORT,
    )
    .option('--no-beanstalkd', 'do not start the embedded beanstalkd (you run your own)')
    .option(
      '--no-persist',
      'keep beanstalkd jobs in memory only, gone on restart (tests, CI); default: a job log in the data dir',
    )
    .action(async (flags: ServeFlags) => {
      let running: RunningBeanpost;
      try {
        running = await startBeanpost(serveOptions(flags));
      } catch (error) {
        const message = startErrorMessage(error, await nextFreeBeanstalkdPort(error));
        if (message === undefined) throw error;
        console.error(`beanpost: ${message}`);
        process.exitCode = 1;
        return;
      }
      stopOnSignals(running.stop, 'beanpost');
      running.engine.on('warning', (warning) => console.error(`beanpost: ${warning.message}`));
      printReady(running, packageInfo().version);
    });
}
