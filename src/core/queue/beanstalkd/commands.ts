import { nowMs } from './clock.js';
import { type Job, JobState } from './job.js';
import { MAX_TUBE_NAME_LEN, MIN_TTR_SEC, NAME_CHARS } from './limits.js';
import { parseKickBound, parseTimeout, readU32, readU64, readU64Field } from './number-parse.js';
import type { QueueState } from './queue-state.js';
import type { Session } from './session.js';
import {
  formatJobStats,
  formatStats,
  formatTubeList,
  formatTubeStats,
  type ServerIdentity,
} from './stats-format.js';

/** What a command can ask of its connection besides the queue itself. */
export interface Replier {
  /** A reply line; `text` carries its CRLF. */
  line(text: string): void;
  /**
   * A reply line acknowledging a change the journal recorded this turn. If the record does
   * not reach the log, `failed()` runs instead (it may undo the change) and gives the reply.
   */
  logged(text: string, failed: () => string): void;
  /** A reply line followed by a body that already ends in CRLF (FOUND, RESERVED, OK). */
  withBody(line: string, body: Buffer | string): void;
  /** Read the body of `session.inJob` next. */
  readBody(): void;
  /** Throw away `bytes` of input, then send `reply`. */
  skip(bytes: number, reply: string): void;
  /** The command blocks until the queue calls the session's sink. */
  beginWait(): void;
  close(): void;
}

export interface CommandContext {
  readonly q: QueueState;
  readonly identity: ServerIdentity;
}

const NOT_FOUND = 'NOT_FOUND\r\n';
const BAD_FORMAT = 'BAD_FORMAT\r\n';
/** Done in memory but not in the log (the C server's answer when walwrite fails). */
const INTERNAL_ERROR = 'INTERNAL_ERROR\r\n';
const notLogged = (): string => INTERNAL_ERROR;

const NAME_BYTE = new Uint8Array(256);
for (const ch of NAME_CHARS) NAME_BYTE[ch.charCodeAt(0)] = 1;

function nameSpan(s: string, from: number): number {
  let i = from;
  while (i < s.length && NAME_BYTE[s.charCodeAt(i)] === 1) i++;
  return i - from;
}

function isValidTube(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_TUBE_NAME_LEN &&
    nameSpan(name, 0) === name.length &&
    name[0] !== '-'
  );
}

type Op =
  | 'put'
  | 'peek'
  | 'peek-ready'
  | 'peek-delayed'
  | 'peek-buried'
  | 'reserve-with-timeout'
  | 'reserve-job'
  | 'reserve'
  | 'delete'
  | 'release'
  | 'bury'
  | 'kick'
  | 'kick-job'
  | 'touch'
  | 'stats-job'
  | 'stats-tube'
  | 'stats'
  | 'use'
  | 'watch'
  | 'ignore'
  | 'list-tubes-watched'
  | 'list-tube-used'
  | 'list-tubes'
  | 'quit'
  | 'pause-tube';

/** Command prefixes in which_cmd's order: the first that the line starts with wins. */
const PREFIXES: readonly (readonly [string, Op])[] = [
  ['put ', 'put'],
  ['peek ', 'peek'],
  ['peek-ready', 'peek-ready'],
  ['peek-delayed', 'peek-delayed'],
  ['peek-buried', 'peek-buried'],
  ['reserve-with-timeout ', 'reserve-with-timeout'],
  ['reserve-job ', 'reserve-job'],
  ['reserve', 'reserve'],
  ['delete ', 'delete'],
  ['release ', 'release'],
  ['bury ', 'bury'],
  ['kick ', 'kick'],
  ['kick-job ', 'kick-job'],
  ['touch ', 'touch'],
  ['stats-job ', 'stats-job'],
  ['stats-tube ', 'stats-tube'],
  ['stats', 'stats'],
  ['use ', 'use'],
  ['watch ', 'watch'],
  ['ignore ', 'ignore'],
  ['list-tubes-watched', 'list-tubes-watched'],
  ['list-tube-used', 'list-tube-used'],
  ['list-tubes', 'list-tubes'],
  ['quit', 'quit'],
  ['pause-tube', 'pause-tube'],
];

function whichCmd(line: string): readonly [string, Op] | undefined {
  return PREFIXES.find(([prefix]) => line.startsWith(prefix));
}

/** A job id as the last argument; answers BAD_FORMAT and gives null when it is not one. */
function idArg(line: string, from: number, out: Replier): number | null {
  const id = readU64(line, from);
  if (id === null) out.line(BAD_FORMAT);
  return id;
}

function replyJob(out: Replier, msg: string, j: Job): void {
  out.withBody(`${msg} ${j.id} ${j.bodySize}\r\n`, j.body);
}

function replyYaml(out: Replier, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  out.withBody(`OK ${bytes.length - 2}\r\n`, bytes);
}

/**
 * Runs one command line (without its CRLF) for a session. `line` holds the raw bytes as
 * latin1 so every byte maps to one char.
 */
export function dispatchCommand(ctx: CommandContext, s: Session, line: string, out: Replier): void {
  const { q } = ctx;
  if (line.includes('\0')) {
    out.line(BAD_FORMAT);
    return;
  }
  const matched = whichCmd(line);
  if (!matched) {
    out.line('UNKNOWN_COMMAND\r\n');
    return;
  }
  const [prefix, op] = matched;
  const rest = prefix.length;
  switch (op) {
    case 'put': {
      const pri = readU32(line, rest, false);
      const delay = pri && readU32(line, pri.end, false);
      const ttr = delay && readU32(line, delay.end, false);
      const size = ttr && readU32(line, ttr.end, false);
      if (!pri || !delay || !ttr || !size) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts.put += 1;
      if (size.value > ctx.identity.maxJobSize) {
        out.skip(size.value + 2, 'JOB_TOO_BIG\r\n');
        return;
      }
      if (size.end !== line.length) {
        out.line(BAD_FORMAT);
        return;
      }
      q.setProducer(s);
      const ttrSec = Math.max(ttr.value, MIN_TTR_SEC);
      s.inJob = q.makeJob(pri.value, delay.value, ttrSec, size.value + 2, s.use);
      out.readBody();
      return;
    }
    case 'peek-ready':
    case 'peek-delayed':
    case 'peek-buried': {
      if (line.length !== prefix.length) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts[op] += 1;
      const t = s.use;
      const j =
        op === 'peek-ready'
          ? t.ready.peek()
          : op === 'peek-delayed'
            ? t.delay.peek()
            : t.buried.values().next().value;
      if (j) replyJob(out, 'FOUND', j);
      else out.line(NOT_FOUND);
      return;
    }
    case 'peek': {
      const id = idArg(line, rest, out);
      if (id === null) return;
      q.opCounts.peek += 1;
      const j = q.jobs.get(id);
      if (j) replyJob(out, 'FOUND', j);
      else out.line(NOT_FOUND);
      return;
    }
    case 'reserve-with-timeout':
    case 'reserve': {
      let timeout = -1;
      if (op === 'reserve-with-timeout') {
        const parsed = parseTimeout(line, rest);
        if (parsed === null) {
          out.line(BAD_FORMAT);
          return;
        }
        timeout = parsed;
      } else if (line.length !== prefix.length) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts[op] += 1;
      q.setWorker(s);
      if (q.connDeadlineSoon(s) && !q.connReady(s)) {
        out.line('DEADLINE_SOON\r\n');
        return;
      }
      out.beginWait();
      q.waitForJob(s, timeout);
      return;
    }
    case 'reserve-job': {
      const id = idArg(line, rest, out);
      if (id === null) return;
      q.opCounts['reserve-job'] += 1;
      const j = q.jobs.get(id);
      if (!j || j.state === JobState.Reserved || j.state === JobState.Invalid) {
        out.line(NOT_FOUND);
        return;
      }
      if (!q.removeReadyJob(j) && !q.removeBuriedJob(j)) q.removeDelayedJob(j);
      q.setWorker(s);
      q.reserveJob(s, j);
      replyJob(out, 'RESERVED', j);
      return;
    }
    case 'delete': {
      const id = idArg(line, rest, out);
      if (id === null) return;
      q.opCounts.delete += 1;
      const j = q.jobs.get(id);
      const removed =
        j !== undefined &&
        (q.removeReservedJob(s, j) ||
          q.removeReadyJob(j) ||
          q.removeBuriedJob(j) ||
          q.removeDelayedJob(j));
      if (!j || !removed) {
        out.line(NOT_FOUND);
        return;
      }
      j.tube.totalDeleteCt += 1;
      q.journal?.remove(j);
      q.freeJob(j);
      out.logged('DELETED\r\n', notLogged);
      return;
    }
    case 'release': {
      const id = readU64Field(line, rest);
      const pri = id && readU32(line, id.end, false);
      const delay = pri && readU32(line, pri.end, true);
      if (!id || !pri || !delay) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts.release += 1;
      const j = q.jobs.get(id.value);
      if (!j || !q.removeReservedJob(s, j)) {
        out.line(NOT_FOUND);
        return;
      }
      j.pri = pri.value;
      j.delaySec = delay.value;
      j.countsToUpdate().releaseCt += 1;
      q.enqueueJob(j, j.delaySec * 1000);
      q.journal?.update(j);
      out.logged('RELEASED\r\n', notLogged);
      return;
    }
    case 'bury': {
      const id = readU64Field(line, rest);
      const pri = id && readU32(line, id.end, true);
      if (!id || !pri) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts.bury += 1;
      const j = q.jobs.get(id.value);
      if (!j || !q.removeReservedJob(s, j)) {
        out.line(NOT_FOUND);
        return;
      }
      j.pri = pri.value;
      q.buryJob(j);
      q.journal?.update(j);
      out.logged('BURIED\r\n', notLogged);
      return;
    }
    case 'kick': {
      const bound = parseKickBound(line, rest);
      if (bound === null) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts.kick += 1;
      const kicked = q.kickJobs(s.use, bound);
      if (kicked === 0) out.line('KICKED 0\r\n');
      else out.logged(`KICKED ${kicked}\r\n`, notLogged);
      return;
    }
    case 'kick-job': {
      const id = idArg(line, rest, out);
      if (id === null) return;
      q.opCounts['kick-job'] += 1;
      const j = q.jobs.get(id);
      if (j?.state === JobState.Buried) q.kickBuriedJob(j);
      else if (j?.state === JobState.Delayed) q.kickDelayedJob(j);
      else {
        out.line(NOT_FOUND);
        return;
      }
      out.logged('KICKED\r\n', notLogged);
      return;
    }
    case 'touch': {
      const id = idArg(line, rest, out);
      if (id === null) return;
      q.opCounts.touch += 1;
      const j = q.jobs.get(id);
      out.line(j && q.touchJob(s, j) ? 'TOUCHED\r\n' : NOT_FOUND);
      return;
    }
    case 'stats': {
      if (line.length !== prefix.length) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts.stats += 1;
      replyYaml(out, formatStats(q, ctx.identity, q.journal?.stats() ?? null));
      return;
    }
    case 'stats-job': {
      const id = idArg(line, rest, out);
      if (id === null) return;
      q.opCounts['stats-job'] += 1;
      const j = q.jobs.get(id);
      if (!j) {
        out.line(NOT_FOUND);
        return;
      }
      replyYaml(out, formatJobStats(j, q.journal?.fileOf(j) ?? 0));
      return;
    }
    case 'stats-tube': {
      const name = line.slice(rest);
      if (!isValidTube(name)) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts['stats-tube'] += 1;
      const t = q.tubeFind(name);
      if (!t) out.line(NOT_FOUND);
      else replyYaml(out, formatTubeStats(t));
      return;
    }
    case 'list-tubes':
    case 'list-tubes-watched':
    case 'list-tube-used': {
      if (line.length !== prefix.length) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts[op] += 1;
      if (op === 'list-tube-used') out.line(`USING ${s.use.name}\r\n`);
      else replyYaml(out, formatTubeList(op === 'list-tubes' ? q.tubes.items : s.watch.items));
      return;
    }
    case 'use':
    case 'watch':
    case 'ignore': {
      const name = line.slice(rest);
      if (!isValidTube(name)) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts[op] += 1;
      if (op === 'use') {
        q.switchUsedTube(s, q.tubeFindOrMake(name));
        out.line(`USING ${s.use.name}\r\n`);
      } else if (op === 'watch') {
        out.line(`WATCHING ${q.watchTube(s, q.tubeFindOrMake(name))}\r\n`);
      } else {
        const n = q.ignoreTube(s, name);
        out.line(n === null ? 'NOT_IGNORED\r\n' : `WATCHING ${n}\r\n`);
      }
      return;
    }
    case 'quit':
      out.close();
      return;
    case 'pause-tube': {
      let start = rest;
      while (line.charCodeAt(start) === 32) start++;
      const nameLen = nameSpan(line, start);
      const delay = nameLen > 0 ? readU32(line, start + nameLen, true) : null;
      if (!delay) {
        out.line(BAD_FORMAT);
        return;
      }
      q.opCounts['pause-tube'] += 1;
      const name = line.slice(start, start + nameLen);
      if (!isValidTube(name)) {
        out.line(BAD_FORMAT);
        return;
      }
      const t = q.tubeFind(name);
      if (!t) {
        out.line(NOT_FOUND);
        return;
      }
      // Always pause (pauseMs > 0), so waiting clients wake when it ends. `pause-tube t 0`
      // is a 1 ns pause in C; here it ends at the current ms, which already counts as over.
      const pauseMs = delay.value * 1000;
      t.unpauseAt = nowMs() + pauseMs;
      t.pauseMs = pauseMs || 1e-6;
      t.pauseCt += 1;
      q.noteWake(t.unpauseAt);
      out.line('PAUSED\r\n');
      return;
    }
  }
}

/** The rest of a `put` once its body has arrived (enqueue_incoming_job). */
export function finishPut(ctx: CommandContext, s: Session, out: Replier): void {
  const { q } = ctx;
  const j = s.inJob as Job;
  s.inJob = null;
  const end = j.bodyAt + j.bodyLen;
  if (j.slab.bytes[end - 2] !== 13 || j.slab.bytes[end - 1] !== 10) {
    q.freeJob(j);
    out.line('EXPECTED_CRLF\r\n');
    return;
  }
  if (q.draining) {
    q.freeJob(j);
    out.line('DRAINING\r\n');
    return;
  }
  q.enqueueJob(j, j.delaySec * 1000);
  q.journal?.put(j);
  q.totalJobsCt += 1;
  j.tube.totalJobsCt += 1;
  // Not in the log means not accepted: OUT_OF_MEMORY, as the C server answers when it cannot
  // reserve log space, and the job is taken back. A job a waiting worker got in the same
  // turn cannot be taken back; it stays in memory and the put gets INTERNAL_ERROR.
  out.logged(`INSERTED ${j.id}\r\n`, () => (q.unputJob(j) ? 'OUT_OF_MEMORY\r\n' : INTERNAL_ERROR));
}
