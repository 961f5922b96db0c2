import type { Case } from '../harness.js';
import { cmd, put } from './dsl.js';

/**
 * Both servers log to a temp dir: replies must not change, and a restart keeps the jobs.
 * Two differences are ours on purpose, so these cases avoid them: the C server does not
 * log a release without delay (its new priority is lost on restart) and counts one more
 * bury for every buried job it replays (`buries` is masked after a restart).
 */
const BINLOG_MASK = [
  'binlog-oldest-index',
  'binlog-current-index',
  'binlog-records-migrated',
  'binlog-records-written',
  'binlog-max-size',
  'file',
  'age',
];

export const binlogCases: Case[] = [
  {
    name: 'with a binlog the replies are the same',
    binlog: true,
    mask: BINLOG_MASK,
    steps: [
      put('a', 3),
      put('b', 1, 20),
      cmd('reserve'),
      cmd('bury 1 9'),
      cmd('kick 1'),
      cmd('delete 1'),
      cmd('stats-job 2'),
      cmd('stats', 1),
    ],
  },
  {
    name: 'restart: ready, delayed, buried and reserved jobs come back; ids go on',
    binlog: true,
    mask: [...BINLOG_MASK, 'buries'],
    steps: [
      cmd('use keep'),
      put('ready', 5, 0, 30),
      put('delayed', 6, 60, 40),
      put('buried', 7),
      put('reserved', 8, 0, 50),
      put('deleted'),
      put('released', 9),
      put('released with delay', 9),
      cmd('reserve-job 3'),
      cmd('bury 3 70'),
      cmd('reserve-job 4'),
      cmd('delete 5'),
      cmd('reserve-job 7'),
      cmd('release 7 90 30'),
      { restart: true },
      cmd('list-tubes'),
      cmd('stats-job 1'),
      cmd('stats-job 2'),
      cmd('stats-job 3'),
      cmd('stats-job 4'),
      cmd('stats-job 5'),
      cmd('stats-job 6'),
      cmd('stats-job 7'),
      cmd('peek 3'),
      cmd('use keep'),
      put('after restart'),
      cmd('peek-buried'),
    ],
  },
];
