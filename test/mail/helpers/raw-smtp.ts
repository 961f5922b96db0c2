import { connect, type Socket } from 'node:net';

export interface Reply {
  code: number;
  text: string;
}

/**
 * A bare SMTP client over a socket, for what nodemailer would tidy up: exact bytes (bare LF,
 * NUL, long lines), pipelining, a disconnect in the middle of DATA.
 */
export class SmtpWire {
  private buffer = '';
  private waiting: Array<(reply: Reply) => void> = [];
  private replies: Reply[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
  }

  static async open(port: number): Promise<{ wire: SmtpWire; greeting: Reply }> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const wire = new SmtpWire(socket);
    return { wire, greeting: await wire.reply() };
  }

  reply(): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`, 'utf8');
    return this.reply();
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let lines: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end === -1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
        lines = [];
        const waiter = this.waiting.shift();
        if (waiter) waiter(reply);
        else this.replies.push(reply);
      }
    }
    if (lines.length > 0) this.buffer = `${lines.join('\r\n')}\r\n${this.buffer}`;
  }
}

/** DATA transparency (RFC 5321 4.5.2): a dot at the start of any line gets another dot. */
export function dotStuff(data: Buffer): Buffer {
  const out: number[] = [];
  let lineStart = true;
  for (const byte of data) {
    if (lineStart && byte === 0x2e) out.push(0x2e);
    out.push(byte);
    lineStart = byte === 0x0a;
  }
  return Buffer.from(out);
}

/**
 * What a message becomes on the wire: SMTP DATA ends with CRLF "." CRLF, and that first CRLF is
 * the end of the message's last line, so a message not ending in CRLF gets one.
 */
export function asTransmitted(data: Buffer): Buffer {
  return data.subarray(-2).equals(Buffer.from('\r\n'))
    ? data
    : Buffer.concat([data, Buffer.from('\r\n')]);
}

/** One whole transaction with exact bytes; returns the reply to the end of DATA. */
export async function sendRaw(
  port: number,
  envelope: { from: string; to: string[]; utf8?: boolean },
  data: Buffer,
): Promise<Reply> {
  const { wire } = await SmtpWire.open(port);
  try {
    expectCode(await wire.command('EHLO raw.test'), 250);
    expectCode(
      await wire.command(`MAIL FROM:<${envelope.from}>${envelope.utf8 ? ' SMTPUTF8' : ''}`),
      250,
    );
    for (const rcpt of envelope.to) expectCode(await wire.command(`RCPT TO:<${rcpt}>`), 250);
    expectCode(await wire.command('DATA'), 354);
    wire.write(Buffer.concat([dotStuff(asTransmitted(data)), Buffer.from('.\r\n')]));
    const reply = await wire.reply();
    await wire.command('QUIT');
    return reply;
  } finally {
    await wire.close();
  }
}

export function expectCode(reply: Reply, code: number): void {
  if (reply.code !== code) throw new Error(`expected ${code}, got: ${reply.text}`);
}
