import { format } from 'node:util';
import type { TranscriptLine } from '../../shared/messages.js';

/**
 * Builds per-message SMTP transcripts from smtp-server's logger, which reports every command
 * (C:, credentials already redacted) and reply (S:) with the connection id as `cid`.
 *
 * A message's transcript is the connection's opening (greeting, EHLO, STARTTLS, AUTH) plus
 * everything since the previous message on that connection, so a pooled client's hundredth
 * message does not carry the ninety-nine before it. The DATA payload is never recorded, only
 * a marker with its byte count.
 */

/** Lines kept from the opening of a connection, before the first MAIL FROM. */
const MAX_OPENING_LINES = 100;
/** Lines kept per message: the first ones and the last ones, with a note of what was cut. */
const MAX_HEAD_LINES = 800;
const MAX_TAIL_LINES = 200;
/** A command line can be 16 KB (smtp-server's limit); nobody reads that much of one line. */
const MAX_LINE_LENGTH = 1000;

interface LogEntry {
  tnx?: unknown;
  cid?: unknown;
  command?: unknown;
}

class ConnectionTranscript {
  private readonly opening: TranscriptLine[] = [];
  private openingDone = false;
  private head: TranscriptLine[] = [];
  private tail: TranscriptLine[] = [];
  private omitted = 0;
  private earlierMessages = 0;
  /** After a message is taken, its DATA marker and final reply are still to come: skip them. */
  private skipDataMarker = false;
  private skipReply = false;

  constructor(private readonly openedAt: number) {}

  record(direction: TranscriptLine['direction'], line: string, isMailCommand: boolean): void {
    if (isMailCommand) this.openingDone = true;
    const entry: TranscriptLine = {
      at: Math.max(0, Math.round(performance.now() - this.openedAt)),
      direction,
      line: line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line,
    };
    if (!this.openingDone) {
      if (this.opening.length < MAX_OPENING_LINES) this.opening.push(entry);
      return;
    }
    if (this.head.length < MAX_HEAD_LINES) {
      this.head.push(entry);
      return;
    }
    this.tail.push(entry);
    if (this.tail.length > MAX_TAIL_LINES) {
      this.tail.shift();
      this.omitted++;
    }
  }

  recordServer(lines: string[]): void {
    if (this.skipReply) {
      this.skipReply = false;
      return;
    }
    for (const line of lines) this.record('server', line, false);
  }

  recordDataMarker(line: string): void {
    if (this.skipDataMarker) {
      this.skipDataMarker = false;
      return;
    }
    this.record('client', line, false);
  }

  /** The transcript of the message whose DATA just ended, closed with the reply it will get. */
  take(bytes: number, reply: string): TranscriptLine[] {
    this.record('client', `<${bytes} bytes of message data>`, false);
    this.record('server', reply, false);
    this.skipDataMarker = true;
    this.skipReply = true;
    const lines = [...this.opening];
    if (this.earlierMessages > 0) {
      lines.push(note(lines, `… ${this.earlierMessages} earlier message(s) on this connection …`));
    }
    lines.push(...this.head);
    if (this.omitted > 0) lines.push(note(lines, `… ${this.omitted} line(s) not kept …`));
    lines.push(...this.tail);
    this.head = [];
    this.tail = [];
    this.omitted = 0;
    this.earlierMessages++;
    return lines;
  }
}

/** A line of ours in the transcript, timed like the line before it. */
function note(lines: TranscriptLine[], line: string): TranscriptLine {
  return { at: lines.at(-1)?.at ?? 0, direction: 'server', line };
}

export class TranscriptRecorder {
  private readonly connections = new Map<string, ConnectionTranscript>();

  /** A bunyan-style logger for smtp-server's `logger` option. */
  readonly logger = {
    trace: (): void => {},
    debug: (entry: LogEntry, message: string, ...args: unknown[]): void =>
      this.onLog(entry, message, args),
    info: (): void => {},
    warn: (): void => {},
    error: (): void => {},
    fatal: (): void => {},
  };

  open(connectionId: string): void {
    this.connections.set(connectionId, new ConnectionTranscript(performance.now()));
  }

  close(connectionId: string): void {
    this.connections.delete(connectionId);
  }

  take(connectionId: string, bytes: number, reply: string): TranscriptLine[] {
    return this.connections.get(connectionId)?.take(bytes, reply) ?? [];
  }

  private onLog(entry: LogEntry, message: string, args: unknown[]): void {
    if (typeof entry?.cid !== 'string') return;
    const connection = this.connections.get(entry.cid);
    if (!connection) return;
    switch (entry.tnx) {
      case 'command':
        connection.record('client', String(args[0] ?? ''), entry.command === 'MAIL');
        break;
      case 'send':
        // A multi-line reply (EHLO) arrives as one payload; show it as the lines it was.
        connection.recordServer(String(args[0] ?? '').split('\r\n'));
        break;
      case 'data':
        connection.recordDataMarker(format(message, ...args).replace(/^C: /, ''));
        break;
    }
  }
}
