import { CircleCheck, WifiOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useConnectionStatus } from '../hooks/use-server-event.js';

/** How long "Reconnected" stays up after the engine comes back. */
const RECOVERED_MS = 2500;

/** Says so when the live connection to the engine drops, and briefly when it is back. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const [wasDown, setWasDown] = useState(false);
  const [showRecovered, setShowRecovered] = useState(false);

  useEffect(() => {
    if (status === 'closed') {
      setWasDown(true);
      setShowRecovered(false);
    } else if (status === 'open' && wasDown) {
      setWasDown(false);
      setShowRecovered(true);
    }
  }, [status, wasDown]);

  useEffect(() => {
    if (!showRecovered) return;
    const timer = setTimeout(() => setShowRecovered(false), RECOVERED_MS);
    return () => clearTimeout(timer);
  }, [showRecovered]);

  if (status === 'closed') {
    return (
      <div className="banner banner-down" role="alert" data-connection="down">
        <WifiOff size={16} aria-hidden="true" />
        <span>Disconnected from Beanpost engine — retrying…</span>
      </div>
    );
  }
  if (showRecovered) {
    return (
      <div className="banner banner-up" role="status" data-connection="recovered">
        <CircleCheck size={16} aria-hidden="true" />
        <span>Reconnected</span>
      </div>
    );
  }
  return null;
}
