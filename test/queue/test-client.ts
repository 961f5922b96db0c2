import { connect } from 'node:net';
import { type Frame, ReplyReader } from './differential/harness.js';

/** A minimal raw-protocol client for tests: send bytes, read framed replies in order. */
export class TestClient {
  private constructor(private readonly reader: ReplyReader) {}

  static connect(port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1', noDelay: true });
      s.once('connect', () => resolve(new TestClient(new ReplyReader(s))));
      s.once('error', reject);
    });
  }

  send(bytes: string | Buffer): void {
    this.reader.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  async next(ms = 10_000): Promise<Frame> {
    const f = await this.reader.next(ms);
    if (f === null) throw new Error('no reply in time');
    if (f === 'EOF') throw new Error('connection closed');
    return f;
  }

  async command(line: string, body?: Buffer | string): Promise<Frame> {
    this.send(`${line}\r\n`);
    if (body !== undefined) {
      this.send(body);
      this.send('\r\n');
    }
    return this.next();
  }

  /** stats-job as a map of strings (never let YAML turn names into numbers). */
  async statsJob(id: number): Promise<Record<string, string> | null> {
    const f = await this.command(`stats-job ${id}`);
    if (!f.body) return null;
    return Object.fromEntries(
      f.body
        .toString('latin1')
        .split('\n')
        .filter((l) => l.includes(': '))
        .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
    );
  }

  /** Half-close: no more input, replies still readable. */
  end(): void {
    this.reader.socket.end();
  }

  close(): void {
    this.reader.socket.destroy();
  }
}
