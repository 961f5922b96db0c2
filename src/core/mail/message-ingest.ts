import type { MessageStore } from './message-store.js';
import {
  type ReceivedMessage,
  type StorableMessage,
  viewFromFailure,
  viewFromParsed,
} from './message-view.js';
import type { MimeParser } from './mime-parser.js';

/**
 * How long a parsed message may wait for messages still being parsed to share its
 * transaction. A commit costs about 0.3 ms however many messages it carries; with a pooled
 * client's parallel connections, waiting up to 2 ms triples the batch (bench/RESULTS.md).
 */
const GROUP_COMMIT_WAIT_MS = 2;

interface Queued {
  message: StorableMessage;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

/**
 * From received bytes to a committed row: parse (see MimeParser for where), then group commit.
 * Messages that are ready together are written in one transaction, and each caller's promise
 * resolves only after that commit, so the SMTP 250 means stored.
 */
export class MessageIngest {
  private queue: Queued[] = [];
  /** Messages between DATA end and the queue. */
  private parsing = 0;
  private flushNow: NodeJS.Immediate | null = null;
  private flushLater: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<string>>();

  constructor(
    private readonly store: MessageStore,
    private readonly parser: MimeParser,
  ) {}

  /** Resolves with the new message id once it is committed. */
  accept(received: ReceivedMessage): Promise<string> {
    const stored = this.build(received).then((message) => this.enqueue(message));
    this.inFlight.add(stored);
    const forget = (): void => {
      this.inFlight.delete(stored);
    };
    stored.then(forget, forget);
    return stored;
  }

  /** Waits until every accepted message is committed (or failed). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async build(received: ReceivedMessage): Promise<StorableMessage> {
    this.parsing++;
    try {
      return viewFromParsed(received, await this.parser.parse(received.raw));
    } catch (error) {
      return viewFromFailure(received, error);
    } finally {
      this.parsing--;
    }
  }

  private enqueue(message: StorableMessage): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      // Nobody else on the way: commit this turn; else give them a moment to join.
      if (this.parsing === 0) this.flushNow ??= setImmediate(() => this.flush());
      else this.flushLater ??= setTimeout(() => this.flush(), GROUP_COMMIT_WAIT_MS);
    });
  }

  private flush(): void {
    if (this.flushNow) clearImmediate(this.flushNow);
    if (this.flushLater) clearTimeout(this.flushLater);
    this.flushNow = null;
    this.flushLater = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      const ids = this.store.insert(batch.map((queued) => queued.message));
      for (const [index, queued] of batch.entries()) queued.resolve(ids[index] ?? '');
    } catch (error) {
      for (const queued of batch) queued.reject(error);
    }
  }
}
