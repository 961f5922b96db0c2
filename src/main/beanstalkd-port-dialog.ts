import { EngineError } from '../core/index.js';
import type { BeanpostOptions } from '../server/start-beanpost.js';
import type { DesktopSettings } from './desktop-settings.js';

/** What the user can answer when beanstalkd's port is taken. */
export type BeanstalkdPortAnswer =
  | { kind: 'use-port'; port: number }
  | { kind: 'use-running' }
  | { kind: 'quit' };

export interface BeanstalkdPortDialog {
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  /** The answer of each button, by index. */
  answers: BeanstalkdPortAnswer[];
  cancelId: number;
}

/** A taken beanstalkd port, the one failure the desktop app offers to get round by itself. */
export function isBeanstalkdPortTaken(error: unknown): error is EngineError {
  return (
    error instanceof EngineError && error.listener === 'beanstalkd' && error.code === 'PORT_IN_USE'
  );
}

/**
 * The question for a taken beanstalkd port: take `nextFreePort` (when there is one near), or
 * start without the embedded server so the app and worker use the beanstalkd already there.
 */
export function beanstalkdPortDialog(
  error: EngineError,
  nextFreePort: number | null,
): BeanstalkdPortDialog {
  const answers: BeanstalkdPortAnswer[] = [
    ...(nextFreePort === null ? [] : [{ kind: 'use-port' as const, port: nextFreePort }]),
    { kind: 'use-running' },
    { kind: 'quit' },
  ];
  const other =
    nextFreePort === null
      ? 'No free port was found just above it.'
      : `Port ${nextFreePort} is free: Beanpost can use it, and keeps using it (it is saved in the settings file).`;
  return {
    title: 'beanstalkd port in use',
    message: `Port ${error.port ?? '?'} on ${error.host ?? '?'} is already in use, perhaps by another beanstalkd.`,
    detail: [
      other,
      'Or Beanpost can start without its own beanstalkd, and your app and worker use the one already running there.',
    ].join('\n\n'),
    buttons: answers.map(buttonLabel),
    answers,
    cancelId: answers.length - 1,
  };
}

function buttonLabel(answer: BeanstalkdPortAnswer): string {
  switch (answer.kind) {
    case 'use-port':
      return `Use port ${answer.port}`;
    case 'use-running':
      return 'Use the running beanstalkd';
    case 'quit':
      return 'Quit';
  }
}

/**
 * The options for the next start after an answer, and the settings to remember (a chosen port
 * is kept; "use the running one" holds for this run only, so a later start without that server
 * still gets the embedded one). null: quit.
 */
export function optionsAfterAnswer(
  options: BeanpostOptions,
  answer: BeanstalkdPortAnswer,
): { options: BeanpostOptions; remember: Partial<DesktopSettings> } | null {
  switch (answer.kind) {
    case 'use-port':
      return {
        options: { ...options, beanstalkdPort: answer.port },
        remember: { beanstalkdPort: answer.port },
      };
    case 'use-running':
      return { options: { ...options, beanstalkdEnabled: false }, remember: {} };
    case 'quit':
      return null;
  }
}
