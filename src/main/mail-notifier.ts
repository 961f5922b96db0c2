import { Notification } from 'electron';
import type { MessageSummary } from '../shared/messages.js';
import { APP_ICON_PATH } from './app-icons.js';
import { newMailNotification } from './new-mail-notification.js';

export interface MailNotifierOptions {
  /** The user's toggle, read at each arrival. */
  enabled: () => boolean;
  /** True while the user is looking at the window: the list already shows the new mail. */
  inView: () => boolean;
  /** A notification was clicked: show this message. */
  open: (messageId: string) => void;
}

/**
 * Mail arriving within this window is announced together: a test run sends bursts, and one
 * notification per message would bury the desktop.
 */
const BATCH_MS = 750;
/**
 * Electron drops the click handler of a notification that has been garbage-collected, so shown
 * ones are kept until closed; some Linux servers never report the close, hence the cap.
 */
const MAX_KEPT = 10;

/** System notifications for new mail, from the engine's message.new events. */
export class MailNotifier {
  readonly #options: MailNotifierOptions;
  #pending: MessageSummary[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #shown: Notification[] = [];

  constructor(options: MailNotifierOptions) {
    this.#options = options;
  }

  add(message: MessageSummary): void {
    if (!this.#options.enabled() || !Notification.isSupported()) return;
    this.#pending.push(message);
    this.#timer ??= setTimeout(() => this.#flush(), BATCH_MS);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#pending = [];
    for (const notification of this.#shown.splice(0)) notification.close();
  }

  #flush(): void {
    this.#timer = undefined;
    const arrived = this.#pending;
    this.#pending = [];
    // Checked again here: the toggle or the focus may have changed during the batch.
    if (!this.#options.enabled() || this.#options.inView()) return;
    const content = newMailNotification(arrived);
    if (!content) return;
    const notification = new Notification({
      title: content.title,
      body: content.body,
      icon: APP_ICON_PATH,
    });
    notification.on('click', () => this.#options.open(content.messageId));
    notification.on('close', () => {
      const index = this.#shown.indexOf(notification);
      if (index !== -1) this.#shown.splice(index, 1);
    });
    this.#shown.push(notification);
    if (this.#shown.length > MAX_KEPT) this.#shown.shift();
    notification.show();
  }
}
