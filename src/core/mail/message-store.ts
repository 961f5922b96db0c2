import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ServerEvent } from '../../shared/events.js';
import {
  type Address,
  AddressSchema,
  type MessageDetail,
  MessageDetailSchema,
  type MessageList,
  type MessageSummary,
} from '../../shared/messages.js';
import { ListQuerySchema } from '../../shared/routes.js';
import { attachmentPartIds, type StorableMessage } from './message-view.js';
import type { MimeParser } from './mime-parser.js';
import { PartCache, type Parts } from './part-cache.js';
import { parseSearchQuery } from './search-query.js';
import { compileSearch } from './search-sql.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export interface StoreEvents {
  event: [ServerEvent];
}

export interface StoreOptions {
  /** 0 = unlimited. */
  maxMessages: number;
  /** 0 = unlimited. */
  maxAgeMs: number;
  /** The better-sqlite3 build the database was opened with; its checkpoint thread needs the same. */
  sqliteNativeBinding?: string;
}

export interface MessagePart {
  filename: string;
  contentType: string;
  content: Buffer;
}

interface SummaryRow {
  id: number;
  received_at: number;
  date: string;
  subject: string;
  from_name: string | null;
  from_address: string | null;
  to_json: string;
  size: number;
  read: number;
  has_attachments: number;
  snippet: string;
  malformed: number;
}

const SUMMARY_COLUMNS =
  'm.id, m.received_at, m.date, m.subject, m.from_name, m.from_address, m.to_json, m.size, m.read, m.has_attachments, m.snippet, m.malformed';

const DetailFieldsSchema = MessageDetailSchema.pick({
  messageId: true,
  cc: true,
  bcc: true,
  replyTo: true,
  headers: true,
  text: true,
  html: true,
  attachments: true,
  envelope: true,
  transcript: true,
  parseError: true,
});
const AddressListSchema = z.array(AddressSchema);

/** Search statements differ by the shape of the query; keep the recent ones prepared. */
const STATEMENT_CACHE_SIZE = 64;

/**
 * The message store: verb-named operations over SQLite returning plain objects. Every change
 * is announced as a ServerEvent on 'event' after it committed; the engine forwards them.
 */
export class MessageStore extends EventEmitter<StoreEvents> {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly checkpointer: WalCheckpointer;
  private readonly partCache = new PartCache();
  /**
   * Message and unread counts, kept in memory: stats go out after every change, and COUNT(*)
   * walks a whole table or index each time (20 ms for the table at 100k). This store is the
   * database's only writer, so the counts cannot drift; they are read once at open.
   */
  private counts: { total: number; unread: number };

  constructor(
    private readonly db: Database.Database,
    private readonly parser: MimeParser,
    private readonly options: StoreOptions,
  ) {
    super();
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    this.counts = {
      total: count('SELECT COUNT(*) AS n FROM messages'),
      unread: count('SELECT COUNT(*) AS n FROM messages WHERE read = 0'),
    };
    this.checkpointer = new WalCheckpointer(db, options.sqliteNativeBinding);
  }

  /**
   * Stores messages in one transaction (the group commit of everything that finished DATA in
   * the same moment) and drops the oldest past the count limit. Returns the new ids in order.
   */
  insert(messages: readonly StorableMessage[]): string[] {
    if (messages.length === 0) return [];
    const ids: number[] = [];
    let dropped: number[] = [];
    this.write(() => {
      for (const message of messages) ids.push(this.insertOne(message));
      this.counts.total += messages.length;
      this.counts.unread += messages.length;
      dropped = this.dropOverCount();
    });
    const droppedSet = new Set(dropped);
    for (const [index, id] of ids.entries()) {
      const message = messages[index];
      if (message && !droppedSet.has(id)) {
        this.emit('event', { type: 'message.new', data: summaryOf(id, message) });
      }
    }
    const newIds = new Set(ids);
    const deleted = dropped.filter((id) => !newIds.has(id));
    if (deleted.length > 0) {
      this.emit('event', { type: 'message.deleted', data: { ids: deleted.map(String) } });
    }
    this.emitStats();
    return ids.map(String);
  }

  /**
   * Newest first. `total` counts the messages the query matches; `unread` is the mailbox's
   * unread count (what the UI badges; `is:unread` counts unread matches). Counting unread
   * matches would mean a row lookup per match, tens of ms at 100k. Throws SearchSyntaxError.
   */
  list(query: { limit: number; offset: number; query: string }): MessageList {
    const { limit, offset, query: text } = ListQuerySchema.parse(query);
    const { match, exclude, where, params } = compileSearch(parseSearchQuery(text));
    const stats = this.stats();
    const page = [limit, offset];
    const count = (sql: string, ...values: unknown[]): number =>
      (this.statement(sql).get(...values) as { n: number }).n;
    const rows = (sql: string, ...values: unknown[]): SummaryRow[] =>
      this.statement(`SELECT ${SUMMARY_COLUMNS} FROM ${sql} LIMIT ? OFFSET ?`).all(
        ...values,
        ...page,
      ) as SummaryRow[];
    const ftsCount = 'SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?';
    const filtered = where !== '1';
    if (match !== null) {
      // Driven by the index in rowid order, so the first page stops after `limit` matches;
      // with only text terms the index alone counts (its rows and the messages are one set).
      const from = 'messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?';
      return {
        total: filtered
          ? count(`SELECT COUNT(*) AS n FROM ${from} AND ${where}`, match, ...params)
          : count(ftsCount, match),
        unread: stats.unread,
        messages: rows(`${from} AND ${where} ORDER BY f.rowid DESC`, match, ...params).map(
          rowToSummary,
        ),
      };
    }
    if (exclude !== null) {
      const notIn = 'm.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';
      return {
        // Everything minus what the index matches, rather than a second anti-join.
        total: filtered
          ? count(
              `SELECT COUNT(*) AS n FROM messages m WHERE ${notIn} AND ${where}`,
              exclude,
              ...params,
            )
          : stats.total - count(ftsCount, exclude),
        unread: stats.unread,
        messages: rows(
          `messages m WHERE ${notIn} AND ${where} ORDER BY m.id DESC`,
          exclude,
          ...params,
        ).map(rowToSummary),
      };
    }
    return {
      total: filtered
        ? count(`SELECT COUNT(*) AS n FROM messages m WHERE ${where}`, ...params)
        : stats.total,
      unread: stats.unread,
      messages: rows(`messages m WHERE ${where} ORDER BY m.id DESC`, ...params).map(rowToSummary),
    };
  }

  get(id: string): MessageDetail | undefined {
    const key = toKey(id);
    if (key === null) return undefined;
    const row = this.statement(
      `SELECT ${SUMMARY_COLUMNS}, d.detail FROM messages m JOIN message_details d ON d.id = m.id WHERE m.id = ?`,
    ).get(key) as (SummaryRow & { detail: string }) | undefined;
    if (!row) return undefined;
    return { ...rowToSummary(row), ...DetailFieldsSchema.parse(JSON.parse(row.detail)) };
  }

  /** The exact bytes received. */
  raw(id: string): Buffer | undefined {
    const key = toKey(id);
    if (key === null) return undefined;
    const row = this.statement('SELECT raw FROM message_raw WHERE id = ?').get(key) as
      | { raw: Buffer }
      | undefined;
    return row?.raw;
  }

  /**
   * One attachment's decoded bytes, found by re-parsing the raw message; the parse serves the
   * message's other parts too while it stays in the part cache.
   */
  async part(id: string, partId: string): Promise<MessagePart | undefined> {
    const key = toKey(id);
    const attachments = this.get(id)?.attachments ?? [];
    const index = attachments.findIndex((a) => a.partId === partId);
    const listed = attachments[index];
    if (key === null || !listed) return undefined;
    const parts = await this.partCache.get(key, () => this.parseParts(key, attachments));
    const content = parts[index];
    if (!content) return undefined;
    return { filename: listed.filename, contentType: listed.contentType, content };
  }

  /**
   * Every attachment's content, null where the parse's part id differs from the stored one
   * (a parser that orders parts differently than at ingest must not serve the wrong bytes).
   */
  private async parseParts(key: number, listed: ReadonlyArray<{ partId: string }>): Promise<Parts> {
    const raw = this.raw(String(key));
    if (!raw) return [];
    const parsed = await this.parser.parse(raw, 'all');
    const partIds = attachmentPartIds(parsed.attachments);
    return parsed.attachments.map((attachment, index) =>
      partIds[index] === listed[index]?.partId ? attachment.content : null,
    );
  }

  /** Sets the read flag; undefined = every message. Returns the ids that changed. */
  markRead(ids: string[] | undefined, read: boolean): string[] {
    const flag = read ? 1 : 0;
    const changed =
      ids === undefined
        ? (this.statement('UPDATE messages SET read = ? WHERE read != ? RETURNING id').all(
            flag,
            flag,
          ) as Array<{ id: number }>)
        : (this.statement(
            'UPDATE messages SET read = ? WHERE read != ? AND id IN (SELECT value FROM json_each(?)) RETURNING id',
          ).all(flag, flag, JSON.stringify(ids.map(toKey).filter((k) => k !== null))) as Array<{
            id: number;
          }>);
    const changedIds = changed.map((row) => String(row.id));
    this.counts.unread += read ? -changedIds.length : changedIds.length;
    if (changedIds.length > 0) {
      this.emit('event', { type: 'message.read', data: { ids: changedIds, read } });
      this.emitStats();
    }
    return changedIds;
  }

  delete(id: string): boolean {
    const key = toKey(id);
    if (key === null) return false;
    const deleted = this.write(() => this.deleteKeys([key]));
    if (deleted === 0) return false;
    this.emit('event', { type: 'message.deleted', data: { ids: [String(key)] } });
    this.emitStats();
    return true;
  }

  deleteAll(): void {
    this.write(() => {
      this.db.exec(`DELETE FROM messages; DELETE FROM message_details; DELETE FROM message_raw;
        INSERT INTO messages_fts (messages_fts) VALUES ('delete-all');`);
      this.counts = { total: 0, unread: 0 };
    });
    this.partCache.clear();
    this.emit('event', { type: 'messages.cleared', data: {} });
    this.emitStats();
  }

  stats(): { total: number; unread: number } {
    return { ...this.counts };
  }

  /**
   * Retention outside the insert path (at start and on the engine's timer): messages received
   * longer than maxAgeMs ago, then the oldest past maxMessages (a limit lowered since the last
   * run). Returns how many were deleted.
   */
  applyRetention(now = Date.now()): number {
    const expired =
      this.options.maxAgeMs > 0
        ? this.statement('SELECT id FROM messages WHERE received_at < ?')
            .all(now - this.options.maxAgeMs)
            .map((row) => (row as { id: number }).id)
        : [];
    let dropped: number[] = [];
    this.write(() => {
      this.deleteKeys(expired);
      dropped = this.dropOverCount();
    });
    const ids = [...expired, ...dropped];
    if (ids.length === 0) return 0;
    this.emit('event', { type: 'message.deleted', data: { ids: ids.map(String) } });
    this.emitStats();
    return ids.length;
  }

  /** Stops the checkpoint thread, then closes the database (SQLite checkpoints a last time). */
  async close(): Promise<void> {
    await this.checkpointer.stop();
    this.statements.clear();
    // Lets SQLite refresh its planner statistics where they went stale; cheap when they did not.
    this.db.pragma('optimize');
    this.db.close();
  }

  /** One transaction; the in-memory counts follow the database if it rolls back. */
  private write<T>(change: () => T): T {
    const counts = { ...this.counts };
    try {
      return this.db.transaction(change)();
    } catch (error) {
      this.counts = counts;
      throw error;
    }
  }

  private insertOne(message: StorableMessage): number {
    const { summary, search } = message;
    const result = this.statement(
      `INSERT INTO messages (received_at, date, subject, from_name, from_address, to_json, size,
         has_attachments, snippet, malformed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      message.receivedAt,
      summary.date,
      summary.subject,
      summary.from?.name ?? null,
      summary.from?.address ?? null,
      JSON.stringify(summary.to),
      message.raw.length,
      summary.hasAttachments ? 1 : 0,
      summary.snippet,
      summary.malformed ? 1 : 0,
    );
    const id = Number(result.lastInsertRowid);
    this.statement('INSERT INTO message_details (id, detail) VALUES (?, ?)').run(
      id,
      JSON.stringify(message.detail),
    );
    this.statement('INSERT INTO message_raw (id, raw) VALUES (?, ?)').run(id, message.raw);
    this.statement(
      'INSERT INTO messages_fts (rowid, subject, sender, recipients, body) VALUES (?, ?, ?, ?, ?)',
    ).run(id, search.subject, search.sender, search.recipients, search.body);
    return id;
  }

  /** Inside a transaction: deletes the oldest messages past maxMessages, returns their ids. */
  private dropOverCount(): number[] {
    const max = this.options.maxMessages;
    if (max <= 0 || this.counts.total <= max) return [];
    const oldest = this.statement('SELECT id FROM messages ORDER BY id ASC LIMIT ?')
      .all(this.counts.total - max)
      .map((row) => (row as { id: number }).id);
    this.deleteKeys(oldest);
    return oldest;
  }

  /** Inside a transaction. Returns how many messages were deleted. */
  private deleteKeys(keys: readonly number[]): number {
    let deleted = 0;
    for (const key of keys) {
      const row = this.statement('DELETE FROM messages WHERE id = ? RETURNING read').get(key) as
        | { read: number }
        | undefined;
      if (!row) continue;
      deleted++;
      this.partCache.delete(key);
      if (row.read === 0) this.counts.unread--;
      this.statement('DELETE FROM message_details WHERE id = ?').run(key);
      this.statement('DELETE FROM message_raw WHERE id = ?').run(key);
      this.statement('DELETE FROM messages_fts WHERE rowid = ?').run(key);
    }
    this.counts.total -= deleted;
    return deleted;
  }

  private emitStats(): void {
    this.emit('event', { type: 'messages.stats', data: this.stats() });
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }
}

function toKey(id: string): number | null {
  if (!/^[0-9]{1,15}$/.test(id)) return null;
  return Number(id);
}

function rowToSummary(row: SummaryRow): MessageSummary {
  const from: Address | null =
    row.from_address === null ? null : { name: row.from_name ?? '', address: row.from_address };
  return {
    id: String(row.id),
    subject: row.subject,
    from,
    to: AddressListSchema.parse(JSON.parse(row.to_json)),
    date: row.date,
    receivedAt: new Date(row.received_at).toISOString(),
    size: row.size,
    read: row.read === 1,
    hasAttachments: row.has_attachments === 1,
    snippet: row.snippet,
    malformed: row.malformed === 1,
  };
}

function summaryOf(id: number, message: StorableMessage): MessageSummary {
  return {
    id: String(id),
    ...message.summary,
    receivedAt: new Date(message.receivedAt).toISOString(),
    size: message.raw.length,
    read: false,
  };
}
