import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type ParsedMail, type SimpleParserOptions, simpleParser } from 'mailparser';

/**
 * simpleParser options for everything we parse, here and in the worker (the same options give
 * the same attachment order, so part ids stay stable between ingest and download).
 */
export const PARSE_OPTIONS = {
  // The viewer renders plain text itself; converting it to HTML is work nobody reads.
  skipTextToHtml: true,
  // Keep cid: links: inlining images as data: URLs would copy every image into the stored HTML.
  keepCidLinks: true,
  checksumAlgo: 'sha256',
  // html-to-text is slow on huge HTML; past this the text view stays empty, the HTML is kept.
  maxHtmlLengthToParse: 2_000_000,
} satisfies SimpleParserOptions;

/**
 * Messages this big are parsed in a worker thread: inline, simpleParser held the event loop for
 * a quarter of a second on a 25 MiB message and every other SMTP session waited (bench/
 * RESULTS.md). Smaller messages parse in a few ms at most; sending them to the thread as well
 * did not raise throughput (same file), the copies cost what the thread saves.
 */
export const WORKER_PARSE_BYTES = 1024 * 1024;

/**
 * How long a worker parse may take before the worker is replaced and the message stored as
 * malformed: a 25 MiB message parses in about a quarter of a second (bench/RESULTS.md), so only
 * a message that makes mailparser loop or crawl gets near it, and it must not hold its SMTP
 * session, and the engine's stop, forever.
 */
export const DEFAULT_PARSE_TIMEOUT_MS = 30_000;

/** Which attachments' contents a parse returns: none, all, or the one at this index. */
export type KeepAttachments = 'none' | 'all' | number;

/**
 * The worker is plain JavaScript given as source so it runs the same under tsx, vitest and the
 * electron-vite bundle (a .ts worker file would need a loader, a bundled one a build entry). It
 * only runs simpleParser; everything else stays typed on this side. Attachment bodies are not
 * sent back unless asked for, so a 25 MiB attachment is not copied across for nothing.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { simpleParser } = require(workerData.mailparserPath);
parentPort.on('message', async ({ id, raw, keep }) => {
  try {
    const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), workerData.options);
    mail.attachments = mail.attachments.map((a, i) => ({ ...a, content: keep === 'all' || i === keep ? a.content : null }));
    parentPort.postMessage({ id, mail });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface WorkerReply {
  id: number;
  mail?: ParsedMail;
  error?: string;
}

interface Pending {
  /** The worker it was posted to (a replaced worker's parses move to the new one). */
  worker: Worker;
  raw: Buffer;
  keep: KeepAttachments;
  timer: NodeJS.Timeout;
  resolve: (mail: ParsedMail) => void;
  reject: (error: Error) => void;
}

/**
 * Parses raw messages: small ones inline, big ones in one lazily started worker thread, which
 * is replaced when a parse runs past the time limit. `keep` names the attachments whose
 * contents the caller needs; a worker parse returns the others without content (an inline
 * parse has them all anyway).
 */
export class MimeParser {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /**
   * `workerParseBytes` is settable so bench/big-message.ts can compare with inline parsing;
   * a worker parse running longer than `parseTimeoutMs` fails with 'parse timed out'.
   */
  constructor(
    private readonly workerParseBytes = WORKER_PARSE_BYTES,
    private readonly parseTimeoutMs = DEFAULT_PARSE_TIMEOUT_MS,
  ) {}

  async parse(raw: Buffer, keep: KeepAttachments = 'none'): Promise<ParsedMail> {
    if (raw.length < this.workerParseBytes) return simpleParser(raw, PARSE_OPTIONS);
    return this.parseInWorker(raw, keep);
  }

  /** Stops the worker; parses still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private parseInWorker(raw: Buffer, keep: KeepAttachments): Promise<ParsedMail> {
    const id = this.nextId++;
    return new Promise<ParsedMail>((resolve, reject) => {
      const worker = this.worker ?? this.startWorker();
      const timer = setTimeout(() => this.timeOut(id), this.parseTimeoutMs);
      this.pending.set(id, { worker, raw, keep, timer, resolve, reject });
      this.post(id, worker);
    });
  }

  private post(id: number, worker: Worker): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    pending.worker = worker;
    // Hold the process open only while a parse is under way (see startWorker).
    worker.ref();
    worker.postMessage({ id, raw: pending.raw, keep: pending.keep });
  }

  /**
   * The only way to stop a parse stuck in the worker is to end the worker. The parses it was
   * also running go to a fresh one (with a fresh time limit) rather than failing with it.
   */
  private timeOut(id: number): void {
    const stuck = this.take(id);
    if (!stuck) return;
    stuck.reject(new Error('parse timed out'));
    const old = stuck.worker;
    if (this.worker === old) this.worker = null;
    const moved = [...this.pending].filter(([, p]) => p.worker === old).map(([key]) => key);
    if (moved.length > 0) {
      const fresh = this.worker ?? this.startWorker();
      for (const key of moved) this.post(key, fresh);
    }
    void old.terminate();
  }

  private startWorker(): Worker {
    const mailparserPath = createRequire(import.meta.url).resolve('mailparser');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mailparserPath, options: PARSE_OPTIONS },
    });
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    const failAll = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const [id, pending] of [...this.pending]) {
        if (pending.worker === worker) this.take(id)?.reject(error);
      }
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`MIME parse worker exited with code ${code}`)));
    // An idle worker must not keep the process alive (the CLI exits when the engine stops).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Removes a parse from the waiting ones; the worker may sleep once none of its are left. */
  private take(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (![...this.pending.values()].some((p) => p.worker === pending.worker)) {
      pending.worker.unref();
    }
    return pending;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.take(reply.id);
    if (!pending) return;
    if (reply.mail) pending.resolve(revive(reply.mail));
    else pending.reject(new Error(reply.error ?? 'MIME parse failed'));
  }
}
/** A structured clone turns Buffers into plain Uint8Arrays; make attachment contents Buffers again. */
function revive(mail: ParsedMail): ParsedMail {
  for (const attachment of mail.attachments) {
    const content: Uint8Array | null = attachment.content;
    if (content !== null && !Buffer.isBuffer(content)) {
      attachment.content = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    }
  }
  return mail;
}
