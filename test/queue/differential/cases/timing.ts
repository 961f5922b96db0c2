import type { Case } from '../harness.js';
import { cmd, put, wait } from './dsl.js';

const AGE = ['age'];

/** TTR, the one-second margin, DEADLINE_SOON, delays, timeouts, closing connections. */
export const timingCases: Case[] = [
  { name: 'ttr 0 becomes 1', steps: [put('a', 0, 0, 0), cmd('stats-job 1')], mask: AGE },
  {
    name: 'time-left of a reserved and of a delayed job',
    steps: [
      put('a', 0, 0, 60),
      put('b', 0, 30, 60),
      cmd('reserve'),
      cmd('stats-job 1'),
      cmd('stats-job 2'),
    ],
    mask: AGE,
  },
  {
    name: 'TTR 1: a second reserve answers DEADLINE_SOON at once',
    steps: [put('a', 0, 0, 1), cmd('reserve'), cmd('reserve'), cmd('reserve-with-timeout 5')],
  },
  {
    name: 'DEADLINE_SOON is not sent while a watched tube has a ready job',
    steps: [put('a', 0, 0, 1), put('b', 0, 0, 60), cmd('reserve'), cmd('reserve')],
  },
  {
    name: 'ready jobs in a paused tube still count as ready for DEADLINE_SOON',
    steps: [
      cmd('use p'),
      put('b'),
      cmd('pause-tube p 5'),
      cmd('watch p'),
      cmd('use default'),
      put('a', 0, 0, 1),
      cmd('reserve'),
      cmd('reserve-with-timeout 3'),
    ],
  },
  {
    name: 'a blocked reserve gets DEADLINE_SOON when the margin begins',
    steps: [
      put('a', 0, 0, 3),
      cmd('reserve'),
      cmd('reserve', 0),
      { recv: 1, within: [1700, 2600] },
      cmd('stats-job 1'),
    ],
    mask: AGE,
  },
  {
    name: 'reserve-job never answers DEADLINE_SOON',
    steps: [put('a', 0, 0, 1), put('b', 0, 100), cmd('reserve'), cmd('reserve-job 2')],
  },
  {
    name: 'TTR runs out: back to ready with the same priority, counted',
    steps: [
      put('a', 7, 0, 1),
      cmd('reserve', 1, 1),
      wait(1400),
      cmd('stats-job 1'),
      cmd('stats', 1),
      cmd('reserve'),
      cmd('stats-job 1'),
    ],
    mask: AGE,
  },
  {
    name: 'a worker waiting on its own expiring job gets DEADLINE_SOON, and at once on asking again',
    // Not compared: what a reserve after the deadline gets. beanstalkd 1.12 sometimes leaves
    // the expired job reserved until the next command arrives, answers that reserve
    // DEADLINE_SOON and only then times the job out (seen in 2 of 6 runs, with waits of 1.3 s
    // and 1.8 s past the margin); at other times it has already timed out and the reserve gets
    // the job. Ours always times out at the deadline ('TTR runs out' covers that).
    steps: [
      put('a', 0, 0, 2),
      cmd('reserve'),
      cmd('reserve', 0),
      { recv: 1, within: [700, 1600] },
      cmd('reserve', 0),
      { recv: 1, within: [0, 300] },
      cmd('stats-job 1'),
    ],
    mask: AGE,
  },
  {
    name: 'touch restarts the TTR',
    steps: [
      put('a', 0, 0, 2),
      cmd('reserve'),
      wait(1200),
      cmd('touch 1'),
      wait(1200),
      cmd('stats-job 1'),
      cmd('stats', 1),
    ],
    mask: AGE,
  },
  {
    name: 'reserve-with-timeout 1 times out after a second',
    steps: [cmd('reserve-with-timeout 1', 0), { recv: 1, within: [800, 1600] }, cmd('stats', 1)],
  },
  {
    name: 'reserve-with-timeout -1 blocks (1.12)',
    steps: [
      cmd('reserve-with-timeout -1', 0),
      { silent: 1300 },
      put('a', 0, 0, 60, 1),
      { recv: 1 },
    ],
  },
  {
    name: 'a delayed job becomes ready after its delay',
    steps: [
      put('a', 0, 1),
      cmd('stats-job 1'),
      cmd('reserve-with-timeout 0'),
      cmd('reserve', 0),
      { recv: 1, within: [600, 1600] },
      cmd('stats-job 1'),
    ],
    mask: AGE,
  },
  {
    name: 'release with a delay',
    steps: [
      put('a'),
      cmd('reserve'),
      cmd('release 1 0 1'),
      cmd('peek-ready'),
      wait(1300),
      cmd('peek-ready'),
      cmd('stats-job 1'),
    ],
    mask: AGE,
  },
  {
    name: 'delayed jobs in two tubes come out in deadline order',
    steps: [
      cmd('use a'),
      put('a1', 0, 1),
      cmd('use b'),
      put('b1', 0, 1),
      wait(1400),
      cmd('stats-tube a'),
      cmd('stats-tube b'),
      cmd('stats', 1),
    ],
  },
  {
    name: 'closing a connection puts its reserved jobs back: no timeout counted',
    steps: [
      put('a'),
      put('b'),
      cmd('reserve', 1, 1),
      cmd('reserve', 1, 1),
      { c: 1, drop: true },
      wait(100),
      cmd('stats-job 1'),
      cmd('stats', 1),
      cmd('reserve'),
    ],
    mask: AGE,
  },
  {
    name: 'closing hands the job to a waiting worker',
    steps: [
      put('a'),
      cmd('reserve', 1, 1),
      cmd('reserve', 0, 2),
      wait(50),
      { c: 1, drop: true },
      { c: 2, recv: 1 },
    ],
  },
  {
    name: 'a half-closed connection waiting on reserve gets TIMED_OUT',
    steps: [
      cmd('reserve', 0, 1),
      wait(50),
      { c: 1, end: true },
      { c: 1, recv: 1 },
      { c: 1, closed: true },
    ],
  },
  {
    name: 'half-close with a job ready: RESERVED, then the server closes',
    steps: [
      put('a'),
      cmd('reserve', 0, 1),
      { c: 1, recv: 1 },
      { c: 1, end: true },
      { c: 1, closed: true },
    ],
  },
  {
    name: 'drain mode: puts are refused and use up an id; reserve still works',
    steps: [
      put('a'),
      { drain: true },
      put('b'),
      cmd('stats', 1),
      cmd('reserve'),
      cmd('delete 1'),
      put('c'),
    ],
  },
];
