import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageDetailSchema, MessageListSchema } from '../../src/shared/index.js';
import {
  assertCliBuilt,
  beanpost,
  type CliProcess,
  freePort,
  holdPort,
  repoRoot,
  runBeanpost,
} from './cli-helpers.js';

const DEFAULT_SUBJECT = 'Beanpost test ✉ — Grüße, 你好';

let dataDir: string;
beforeAll(async () => {
  assertCliBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'beanpost-cli-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('beanpost serve + beanpost send', () => {
  let serve: CliProcess;
  let smtpPort: number;
  let httpPort: number;

  beforeAll(async () => {
    smtpPort = await freePort();
    httpPort = await freePort();
    serve = beanpost([
      'serve',
      '--smtp-port',
      String(smtpPort),
      '--http-port',
      String(httpPort),
      '--data-dir',
      dataDir,
      '--max-age',
      '30d',
      '--max-message-size',
      '5MB',
      '--beanstalkd-port',
      '0',
    ]);
    await serve.waitForLine(/^UI and API at http:\/\/127\.0\.0\.1:\d+$/);
  });
  afterAll(() => {
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  });

  it('prints one line per listener', () => {
    expect(serve.stdout).toContain(`SMTP at 127.0.0.1:${smtpPort}\n`);
    expect(serve.stdout).toContain(`UI and API at http://127.0.0.1:${httpPort}\n`);
  });

  it('applies the retention and size flags', async () => {
    const info = (await (await fetch(`http://127.0.0.1:${httpPort}/api/info`)).json()) as {
      retention: { maxAgeMs: number };
      smtp: { maxMessageSize: number };
      dataDir: string;
    };
    expect(info.retention.maxAgeMs).toBe(30 * 86_400_000);
    expect(info.smtp.maxMessageSize).toBe(5 * 1024 * 1024);
    expect(info.dataDir).toBe(dataDir);
  });

  it('catches the default test message, shown by the API', async () => {
    const sent = await runBeanpost([
      'send',
      '--smtp-port',
      String(smtpPort),
      '--to',
      'a@example.com',
      '--to',
      'b@example.com',
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/answered: 250/);
    expect(sent.stdout).toContain('accepted: a@example.com, b@example.com');

    const list = MessageListSchema.parse(
      await (await fetch(`http://127.0.0.1:${httpPort}/api/messages`)).json(),
    );
    expect(list.total).toBe(1);
    const id = list.messages[0]?.id;
    const detail = MessageDetailSchema.parse(
      await (await fetch(`http://127.0.0.1:${httpPort}/api/messages/${id}`)).json(),
    );
    expect(detail.subject).toBe(DEFAULT_SUBJECT);
    expect(detail.to.map((a) => a.address)).toEqual(['a@example.com', 'b@example.com']);
    expect(detail.html).toContain('Hello from');
    expect(detail.text).toContain('Grüße, 你好');
    expect(detail.attachments.map((a) => a.filename)).toEqual(['beanpost-test.txt']);
  });

  it('attaches files given with --attach', async () => {
    const file = join(dataDir, 'notes.csv');
    await writeFile(file, 'a,b\n1,2\n');
    const sent = await runBeanpost([
      'send',
      '--smtp-port',
      String(smtpPort),
      '--subject',
      'with a file',
      '--attach',
      file,
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    const list = MessageListSchema.parse(
      await (
        await fetch(
          `http://127.0.0.1:${httpPort}/api/messages?query=${encodeURIComponent('subject:"with a file"')}`,
        )
      ).json(),
    );
    const detail = MessageDetailSchema.parse(
      await (
        await fetch(`http://127.0.0.1:${httpPort}/api/messages/${list.messages[0]?.id}`)
      ).json(),
    );
    expect(detail.attachments.map((a) => a.filename)).toEqual(['beanpost-test.txt', 'notes.csv']);
  });

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    serve.child.kill('SIGTERM');
    const result = await serve.finished;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('beanpost serve failures', () => {
  it.each([
    ['--smtp-port', 'SMTP'],
    ['--http-port', 'HTTP'],
  ])('reports a taken %s in one line naming the flag', async (flag, listener) => {
    const held = await holdPort();
    try {
      const other = flag === '--smtp-port' ? '--http-port' : '--smtp-port';
      const result = await runBeanpost([
        'serve',
        flag,
        String(held.port),
        other,
        String(await freePort()),
        '--beanstalkd-port',
        '0',
        '--data-dir',
        dataDir,
      ]);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr.trim().split('\n')).toEqual([
        `beanpost: ${listener} port ${held.port} on 127.0.0.1 is already in use; choose another with ${flag}`,
      ]);
    } finally {
      await new Promise((resolve) => held.server.close(resolve));
    }
  });

  it('stops on SIGINT too', async () => {
    const serve = beanpost([
      'serve',
      '--smtp-port',
      '0',
      '--http-port',
      '0',
      '--beanstalkd-port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    await serve.waitForLine(/^UI and API at /);
    serve.child.kill('SIGINT');
    expect((await serve.finished).code).toBe(0);
  });

  it.each([
    ['--max-age', 'soon'],
    ['--max-age', '12'],
    ['--max-message-size', 'huge'],
    ['--smtp-port', '70000'],
  ])('refuses %s %s with a clear error', async (flag, value) => {
    const result = await runBeanpost(['serve', flag, value, '--data-dir', dataDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`option '${flag}`);
    expect(result.stderr).toContain(`'${value}' is invalid`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('beanpost send failures', () => {
  it('says when nothing listens on the SMTP port', async () => {
    const port = await freePort();
    const result = await runBeanpost(['send', '--smtp-port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^beanpost: could not send to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });
});

describe('bin/beanpost.js', () => {
  it('says to build when the bundle is missing', async () => {
    const bare = join(dataDir, 'unbuilt');
    await mkdir(join(bare, 'bin'), { recursive: true });
    await copyFile(join(repoRoot, 'bin', 'beanpost.js'), join(bare, 'bin', 'beanpost.js'));
    const result = spawnSync(process.execPath, [join(bare, 'bin', 'beanpost.js'), 'serve'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm run build');
  });
});
