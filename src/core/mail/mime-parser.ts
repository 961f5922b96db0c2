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
 * The worker is plain JavaScript given as source so it runs the same under tsx, vitest and the
 * electron-vite bundle (a .ts worker file would need a loader, a bundled one a build entry). It
 * only runs simpleParser; everything else stays typed on this side. Attachment bodies are not
 * sent back except the one asked for, so a 25 MiB attachment is not copied across for nothing.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { simpleParser } = require(workerData.mailparserPath);
parentPort.on('message', async ({ id, raw, keepAttachment }) => {
  try {
    const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), workerData.options);
    mail.attachments = mail.attachments.map((a, i) => ({ ...a, content: i === keepAttachment ? a.content : null }));
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
  resolve: (mail: ParsedMail) => void;
  reject: (error: Error) => void;
}

/**
 * Parses raw messages: small ones inline, big ones in one lazily started worker thread.
 * `keepAttachment` names the one attachment whose content the caller needs (by index); a
 * worker parse returns the others without content.
 */
export class MimeParser {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `workerParseBytes` is settable so bench/big-message.ts can compare with inline parsing. */
  constructor(private readonly workerParseBytes = WORKER_PARSE_BYTES) {}

  async parse(raw: Buffer, keepAttachment = -1): Promise<ParsedMail> {
    if (raw.length < this.workerParseBytes) return simpleParser(raw, PARSE_OPTIONS);
    return this.parseInWorker(raw, keepAttachment);
  }

  /** Stops the worker; parses still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private parseInWorker(raw: Buffer, keepAttachment: number): Promise<ParsedMail> {
    const worker = this.worker ?? this.startWorker();
    const id = this.nextId++;
    // Hold the process open only while a parse is under way (see startWorker).
    worker.ref();
    return new Promise<ParsedMail>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, raw, keepAttachment });
    });
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
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`MIME parse worker exited with code ${code}`)));
    // An idle worker must not keep the process alive (the CLI exits when the engine stops).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
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
