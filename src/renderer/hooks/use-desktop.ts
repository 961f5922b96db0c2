import { useCallback, useEffect, useEffectEvent, useState } from 'react';

/** The desktop host's extras, or null in a plain browser (the UI then simply hides them). */
const native = window.beanpost?.native ?? null;

export interface NotificationSetting {
  enabled: boolean;
  toggle(): void;
}

/** The desktop app's "notify on new mail" switch; null when not running in the desktop app. */
export function useNotificationSetting(): NotificationSetting | null {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    native?.notificationsEnabled().then(setEnabled, () => undefined);
  }, []);
  const toggle = useCallback(() => {
    native?.setNotificationsEnabled(!enabled).then(setEnabled, () => undefined);
  }, [enabled]);
  return native ? { enabled, toggle } : null;
}

/** Called with a message id when the user clicks a desktop notification for it. */
export function useOpenMessageRequests(handler: (messageId: string) => void): void {
  const onOpen = useEffectEvent(handler);
  useEffect(() => native?.onOpenMessage((id) => onOpen(id)), []);
}
