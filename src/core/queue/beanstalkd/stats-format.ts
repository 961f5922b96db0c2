import { hostname, machine, version } from 'node:os';
import { preciseNowMs } from './clock.js';
import { type Job, JobState, jobStateName } from './job.js';
import type { JournalStats } from './journal.js';
import { DEFAULT_BINLOG_MAX_SIZE, PROTOCOL_VERSION } from './limits.js';
import type { QueueState } from './queue-state.js';
import type { Tube } from './tube.js';

/**
 * The YAML bodies of stats, stats-job, stats-tube and the list commands, laid out as
 * beanstalkd 1.12 prints them: only `version` is quoted, names go out verbatim.
 * Each body ends with the CRLF that follows the data on the wire.
 */

/** C's integer division of a time span in ms into whole seconds (truncates toward zero). */
function seconds(ms: number): number {
  return Math.trunc(ms / 1000);
}

function micros(us: number): string {
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}

export interface ServerIdentity {
  startedAt: number;
  maxJobSize: number;
  /** 16 hex digits, random per start. */
  instanceId: string;
}

export function formatStats(
  q: QueueState,
  id: ServerIdentity,
  journal: JournalStats | null,
): string {
  const ops = q.opCounts;
  const usage = process.resourceUsage();
  const wal = journal ?? {
    oldestIndex: 0,
    currentIndex: 0,
    recordsMigrated: 0,
    recordsWritten: 0,
    maxSize: DEFAULT_BINLOG_MAX_SIZE,
  };
  return `---
current-jobs-urgent: ${q.urgentCt}
current-jobs-ready: ${q.readyCt}
current-jobs-reserved: ${q.reservedCt}
current-jobs-delayed: ${q.delayedCount()}
current-jobs-buried: ${q.buriedCt}
cmd-put: ${ops.put}
cmd-peek: ${ops.peek}
cmd-peek-ready: ${ops['peek-ready']}
cmd-peek-delayed: ${ops['peek-delayed']}
cmd-peek-buried: ${ops['peek-buried']}
cmd-reserve: ${ops.reserve}
cmd-reserve-with-timeout: ${ops['reserve-with-timeout']}
cmd-delete: ${ops.delete}
cmd-release: ${ops.release}
cmd-use: ${ops.use}
cmd-watch: ${ops.watch}
cmd-ignore: ${ops.ignore}
cmd-bury: ${ops.bury}
cmd-kick: ${ops.kick}
cmd-touch: ${ops.touch}
cmd-stats: ${ops.stats}
cmd-stats-job: ${ops['stats-job']}
cmd-stats-tube: ${ops['stats-tube']}
cmd-list-tubes: ${ops['list-tubes']}
cmd-list-tube-used: ${ops['list-tube-used']}
cmd-list-tubes-watched: ${ops['list-tubes-watched']}
cmd-pause-tube: ${ops['pause-tube']}
job-timeouts: ${q.timeoutCt}
total-jobs: ${q.totalJobsCt}
max-job-size: ${id.maxJobSize}
current-tubes: ${q.tubes.length}
current-connections: ${q.curConnCt}
current-producers: ${q.curProducerCt}
current-workers: ${q.curWorkerCt}
current-waiting: ${q.waitingCt}
total-connections: ${q.totalConnCt}
pid: ${process.pid}
version: "${PROTOCOL_VERSION}"
rusage-utime: ${micros(usage.userCPUTime)}
rusage-stime: ${micros(usage.systemCPUTime)}
uptime: ${seconds(preciseNowMs() - id.startedAt)}
binlog-oldest-index: ${wal.oldestIndex}
binlog-current-index: ${wal.currentIndex}
binlog-records-migrated: ${wal.recordsMigrated}
binlog-records-written: ${wal.recordsWritten}
binlog-max-size: ${wal.maxSize}
draining: ${q.draining ? 'true' : 'false'}
id: ${id.instanceId}
hostname: ${hostname()}
os: ${version()}
platform: ${machine()}
\r\n`;
}

export function formatJobStats(j: Job, file: number): string {
  const now = preciseNowMs();
  const timeLeft =
    j.state === JobState.Reserved || j.state === JobState.Delayed ? seconds(j.deadlineAt - now) : 0;
  return `---
id: ${j.id}
tube: ${j.tube.name}
state: ${jobStateName(j.state)}
pri: ${j.pri}
age: ${seconds(now - j.createdAt)}
delay: ${j.delaySec}
ttr: ${j.ttrSec}
time-left: ${timeLeft}
file: ${file}
reserves: ${j.counts.reserveCt}
timeouts: ${j.counts.timeoutCt}
releases: ${j.counts.releaseCt}
buries: ${j.counts.buryCt}
kicks: ${j.counts.kickCt}
\r\n`;
}

export function formatTubeStats(t: Tube): string {
  const timeLeft = t.pauseMs > 0 ? seconds(t.unpauseAt - preciseNowMs()) : 0;
  return `---
name: ${t.name}
current-jobs-urgent: ${t.urgentCt}
current-jobs-ready: ${t.ready.length}
current-jobs-reserved: ${t.reservedCt}
current-jobs-delayed: ${t.delay.length}
current-jobs-buried: ${t.buried.size}
total-jobs: ${t.totalJobsCt}
current-using: ${t.usingCt}
current-watching: ${t.watchingCt}
current-waiting: ${t.waitingCt}
cmd-delete: ${t.totalDeleteCt}
cmd-pause-tube: ${t.pauseCt}
pause: ${seconds(t.pauseMs)}
pause-time-left: ${timeLeft}
\r\n`;
}

export function formatTubeList(tubes: readonly Tube[]): string {
  let out = '---\n';
  for (const t of tubes) out += `- ${t.name}\n`;
  return `${out}\r\n`;
}
