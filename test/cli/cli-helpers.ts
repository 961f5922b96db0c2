import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repoRoot, 'bin', 'beanpost.js');
const builtCli = join(repoRoot, 'out', 'main', 'cli.js');

/** The CLI tests run the built bundle, as users do; `npm test` builds it first. */
export function assertCliBuilt(): void {
  if (!existsSync(builtCli)) {
    throw new Error(
      `${builtCli} is missing: run \`npm run build\` first (\`npm test\` builds before testing)`,
    );
  }
}

/** `beanpost serve` on free SMTP/HTTP ports over `dir`, with the given extra flags. */
export function serveArgs(dir: string, flags: string[] = []): string[] {
  return ['serve', '--smtp-port', '0', '--http-port', '0', '--data-dir', dir, ...flags];
}

/** Holds a port on 127.0.0.1 until closed (to provoke "port in use"). */
export async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { port, server } = await holdPort();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class CliProcess {
  stdout = '';
  stderr = '';
  readonly finished: Promise<Finished>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.finished = new Promise((resolve) => {
      child.once('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  /** Resolves once stdout has a line matching; rejects if the process ends first. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (const line of this.stdout.split('\n')) {
          const match = line.match(pattern);
          if (match) {
            this.child.stdout?.off('data', check);
            resolve(match);
            return true;
          }
        }
        return false;
      };
      if (check()) return;
      this.child.stdout?.on('data', check);
      void this.finished.then((result) => {
        if (!check())
          reject(
            new Error(
              `beanpost exited (${result.code}) before printing ${pattern}:\n${result.stdout}${result.stderr}`,
            ),
          );
      });
    });
  }
}

export function beanpost(args: string[]): CliProcess {
  return new CliProcess(
    spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
}

export async function runBeanpost(args: string[]): Promise<Finished> {
  return beanpost(args).finished;
}
