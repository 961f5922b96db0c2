import { Command, InvalidArgumentError } from 'commander';
import {
  BeanstalkdError,
  DEFAULT_BEANSTALKD_PORT,
  EmbeddedBeanstalkd,
  type FsyncPolicy,
} from '../core/queue/index.js';
import { parsePort } from './option-parsers.js';
import { stopOnSignals } from './stop-on-signals.js';

/** The flags of `beanpost beanstalkd`, named as the C server names them. */
interface BeanstalkdFlags {
  listen: string;
  port: number;
  maxJobSize?: number;
  binlogDir?: string;
  fsyncMs?: number;
  fsync: boolean;
}

function parseBytes(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a size in bytes.');
  }
  return Number(value);
}

/** -f 0 means "fsync every write", as in beanstalkd; -F means never. */
function fsyncPolicy(flags: BeanstalkdFlags): FsyncPolicy {
  if (!flags.fsync) return 'never';
  if (flags.fsyncMs === undefined) return { intervalMs: 50 };
  return flags.fsyncMs === 0 ? 'always' : { intervalMs: flags.fsyncMs };
}

export function beanstalkdCommand(): Command {
  return new Command('beanstalkd')
    .description(
      'Run the embedded beanstalkd 1.12 on its own (flags as the C server: -l -p -z -b -f -F)',
    )
    .option('-l, --listen <addr>', 'address to listen on', '127.0.0.1')
    .option(
      '-p, --port <port>',
      'port to listen on (0 = any free port)',
      parsePort,
      DEFAULT_BEANSTALKD_PORT,
    )
    .option('-z, --max-job-size <bytes>', 'largest job body accepted (default 65535)', parseBytes)
    .option('-b, --binlog-dir <dir>', 'keep jobs across restarts in an append-only log in <dir>')
    .option(
      '-f, --fsync-ms <ms>',
      'fsync the log at most every <ms> ms; 0 = every write (default 50)',
      parseBytes,
    )
    .option('-F, --no-fsync', 'never fsync the log (the OS still gets every write at once)')
    .action(async (flags: BeanstalkdFlags) => {
      let server: EmbeddedBeanstalkd;
      try {
        server = await EmbeddedBeanstalkd.start({
          host: flags.listen,
          port: flags.port,
          maxJobSize: flags.maxJobSize,
          persist: flags.binlogDir !== undefined,
          dataDir: flags.binlogDir,
          fsync: fsyncPolicy(flags),
        });
      } catch (error) {
        const message = error instanceof BeanstalkdError ? error.message : String(error);
        console.error(`beanpost beanstalkd: ${message}`);
        process.exit(1);
      }
      server.on('log-error', (err) => console.error(`beanpost beanstalkd: ${err.message}`));
      console.log(`beanstalkd 1.12 listening on ${server.url}`);
      if (flags.binlogDir) console.log(`binlog in ${flags.binlogDir}`);

      // SIGUSR1 enters drain mode like the real server; SIGTERM/SIGINT stop cleanly.
      process.on('SIGUSR1', () => server.drain());
      stopOnSignals(() => server.stop(), 'beanpost beanstalkd');
    });
}
