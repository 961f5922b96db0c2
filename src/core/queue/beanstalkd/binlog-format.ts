import { crc32 } from 'node:zlib';
import { toWallMs } from './clock.js';
import { type Job, JobState } from './job.js';

/**
 * Binlog records. Each is framed as [u32 length][u32 crc32][payload] so a torn write at
 * the end of the file (a crash mid-append) is detected and dropped on replay.
 *
 * Payload kinds:
 * - job:     the whole job (tube, body, pri, ttr, delay, deadline, counters, state)
 * - update:  state, pri, delay, deadline and counters after release/bury/kick
 * - delete:  the id
 * - next-id: the id counter, so ids are never reused after compaction drops deleted jobs
 */
export const RecordKind = { Job: 1, Update: 2, Delete: 3, NextId: 4 } as const;

const FRAME = 8;
const COUNTERS = 5 * 4;
const STATE_FIELDS = 1 + 4 + 8 + 8 + COUNTERS; // state, pri, delayMs, deadlineAt, counters

/** What a record says about a job; `body`/`tube` only in full job records. Times are wall-clock ms. */
export interface JobFacts {
  id: number;
  state: JobState;
  pri: number;
  delayMs: number;
  deadlineAt: number;
  reserveCt: number;
  timeoutCt: number;
  releaseCt: number;
  buryCt: number;
  kickCt: number;
}

export interface FullJobFacts extends JobFacts {
  ttrMs: number;
  createdAt: number;
  tube: string;
  body: Buffer;
}

export type LogRecord =
  | { kind: typeof RecordKind.Job; job: FullJobFacts }
  | { kind: typeof RecordKind.Update; job: JobFacts }
  | { kind: typeof RecordKind.Delete; id: number }
  | { kind: typeof RecordKind.NextId; nextId: number };

/** Reserved is never logged: after a restart a reserved job is ready again. */
function loggedState(state: JobState): JobState {
  return state === JobState.Reserved ? JobState.Ready : state;
}

function frame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(FRAME + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, FRAME);
  return out;
}

function writeState(b: Buffer, at: number, j: Job): number {
  let o = at;
  o = b.writeUInt8(loggedState(j.state), o);
  o = b.writeUInt32LE(j.pri, o);
  o = b.writeDoubleLE(j.delaySec * 1000, o);
  o = b.writeDoubleLE(j.state === JobState.Delayed ? toWallMs(j.deadlineAt) : 0, o);
  const c = j.counts;
  o = b.writeUInt32LE(c.reserveCt, o);
  o = b.writeUInt32LE(c.timeoutCt, o);
  o = b.writeUInt32LE(c.releaseCt, o);
  o = b.writeUInt32LE(c.buryCt, o);
  return b.writeUInt32LE(c.kickCt, o);
}

function readState(b: Buffer, at: number, id: number): JobFacts {
  return {
    id,
    state: b.readUInt8(at) as JobState,
    pri: b.readUInt32LE(at + 1),
    delayMs: b.readDoubleLE(at + 5),
    deadlineAt: b.readDoubleLE(at + 13),
    reserveCt: b.readUInt32LE(at + 21),
    timeoutCt: b.readUInt32LE(at + 25),
    releaseCt: b.readUInt32LE(at + 29),
    buryCt: b.readUInt32LE(at + 33),
    kickCt: b.readUInt32LE(at + 37),
  };
}

function jobPayloadSize(j: Job): number {
  // Tube names are latin1, one byte per char.
  return 1 + 8 + STATE_FIELDS + 8 + 8 + 2 + j.tube.name.length + 4 + j.bodyLen;
}

/** Bytes of `encodeJob(j)`, without encoding it (the binlog counts live bytes with it). */
export function encodedJobSize(j: Job): number {
  return FRAME + jobPayloadSize(j);
}

export function encodeJob(j: Job): Buffer {
  const tube = Buffer.from(j.tube.name, 'latin1');
  const p = Buffer.allocUnsafe(jobPayloadSize(j));
  let o = p.writeUInt8(RecordKind.Job, 0);
  o = p.writeDoubleLE(j.id, o);
  o = writeState(p, o, j);
  o = p.writeDoubleLE(j.ttrSec * 1000, o);
  o = p.writeDoubleLE(toWallMs(j.createdAt), o);
  o = p.writeUInt16LE(tube.length, o);
  o += tube.copy(p, o);
  o = p.writeUInt32LE(j.bodyLen, o);
  j.slab.bytes.copy(p, o, j.bodyAt, j.bodyAt + j.bodyLen);
  return frame(p);
}

export function encodeUpdate(j: Job): Buffer {
  const p = Buffer.allocUnsafe(1 + 8 + STATE_FIELDS);
  writeState(p, p.writeDoubleLE(j.id, p.writeUInt8(RecordKind.Update, 0)), j);
  return frame(p);
}

export function encodeDelete(id: number): Buffer {
  const p = Buffer.allocUnsafe(9);
  p.writeDoubleLE(id, p.writeUInt8(RecordKind.Delete, 0));
  return frame(p);
}

export function encodeNextId(nextId: number): Buffer {
  const p = Buffer.allocUnsafe(9);
  p.writeDoubleLE(nextId, p.writeUInt8(RecordKind.NextId, 0));
  return frame(p);
}

function decodePayload(p: Buffer): LogRecord | null {
  const kind = p.readUInt8(0);
  const id = p.readDoubleLE(1);
  switch (kind) {
    case RecordKind.Job: {
      let o = 9;
      const facts = readState(p, o, id);
      o += STATE_FIELDS;
      const ttrMs = p.readDoubleLE(o);
      const createdAt = p.readDoubleLE(o + 8);
      const tubeLen = p.readUInt16LE(o + 16);
      o += 18;
      const tube = p.toString('latin1', o, o + tubeLen);
      o += tubeLen;
      const bodyLen = p.readUInt32LE(o);
      o += 4;
      if (o + bodyLen !== p.length) return null;
      // A view: replay copies it into the job's slab, so the file buffer is not kept.
      const body = p.subarray(o, o + bodyLen);
      return { kind: RecordKind.Job, job: { ...facts, ttrMs, createdAt, tube, body } };
    }
    case RecordKind.Update:
      return p.length === 9 + STATE_FIELDS
        ? { kind: RecordKind.Update, job: readState(p, 9, id) }
        : null;
    case RecordKind.Delete:
      return { kind: RecordKind.Delete, id };
    case RecordKind.NextId:
      return { kind: RecordKind.NextId, nextId: id };
    default:
      return null;
  }
}

/**
 * Reads records until the end or the first damaged one. `validBytes` is where the good
 * part ends: anything after it is a torn tail from a crash.
 */
export function decodeRecords(file: Buffer): { records: LogRecord[]; validBytes: number } {
  const records: LogRecord[] = [];
  let o = 0;
  while (o + FRAME <= file.length) {
    const len = file.readUInt32LE(o);
    const end = o + FRAME + len;
    if (len < 9 || end > file.length) break;
    const payload = file.subarray(o + FRAME, end);
    if (crc32(payload) !== file.readUInt32LE(o + 4)) break;
    let rec: LogRecord | null;
    try {
      rec = decodePayload(payload);
    } catch {
      rec = null;
    }
    if (!rec) break;
    records.push(rec);
    o = end;
  }
  return { records, validBytes: o };
}
