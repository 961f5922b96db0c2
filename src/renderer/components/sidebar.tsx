import { Bell, Inbox, Keyboard } from 'lucide-react';
import type { Info } from '../../shared/index.js';
import { useNotificationSetting } from '../hooks/use-desktop.js';
import type { InboxStats } from '../hooks/use-engine-state.js';
import { useConnectionStatus } from '../hooks/use-server-event.js';
import { connectableHost } from '../lib/snippets.js';
import { CopyButton } from './copy-button.js';
import { ShortcutHelp } from './shortcut-help.js';

const STATUS_LABEL = { open: 'Live', connecting: 'Connecting…', closed: 'Offline' } as const;

export function Sidebar({ stats, info }: { stats: InboxStats | null; info: Info | null }) {
  const status = useConnectionStatus();
  const notifications = useNotificationSetting();
  const smtp = info ? `${connectableHost(info.smtp.host)}:${info.smtp.port}` : null;
  const queue = info?.beanstalkd
    ? `${connectableHost(info.beanstalkd.host)}:${info.beanstalkd.port}`
    : null;
  return (
    <nav className="sidebar" aria-label="Mailboxes">
      <div className="brand">
        <img className="brand-mark" src="./favicon.svg" alt="" width={26} height={26} />
        <span className="brand-name">Beanpost</span>
      </div>

      <ul className="nav-list">
        <li>
          <span className="nav-item active" aria-current="page">
            <Inbox size={16} aria-hidden="true" />
            <span className="nav-label">Inbox</span>
            {stats && stats.unread > 0 ? (
              <span
                className="nav-badge"
                title={`${stats.unread} unread`}
                data-testid="unread-count"
              >
                {stats.unread.toLocaleString()}
              </span>
            ) : null}
          </span>
        </li>
      </ul>
      <p className="nav-total" data-testid="total-count">
        {stats
          ? `${stats.total.toLocaleString()} message${stats.total === 1 ? '' : 's'}`
          : '\u00a0'}
      </p>

      <div className="sidebar-bottom">
        <section className="sidebar-card" aria-label="SMTP server">
          <h2 className="sidebar-heading">SMTP server</h2>
          <div className="smtp-address">
            <code>{smtp ?? '—'}</code>
            {smtp ? <CopyButton text={smtp} label="Copy SMTP address" iconOnly /> : null}
          </div>
          <p className={`connection connection-${status}`}>
            <span className="connection-dot" aria-hidden="true" />
            {STATUS_LABEL[status]}
            {info ? <span className="version">v{info.version}</span> : null}
          </p>
        </section>
        {queue ? (
          <section className="sidebar-card" aria-label="beanstalkd">
            <h2 className="sidebar-heading">beanstalkd</h2>
            <div className="smtp-address">
              <code data-testid="beanstalkd-address">{queue}</code>
              <CopyButton text={queue} label="Copy beanstalkd address" iconOnly />
            </div>
          </section>
        ) : null}
        {notifications ? (
          <label className="sidebar-switch">
            <Bell size={16} aria-hidden="true" />
            <span className="sidebar-switch-label">Notify on new mail</span>
            <input
              type="checkbox"
              role="switch"
              aria-checked={notifications.enabled}
              checked={notifications.enabled}
              onChange={notifications.toggle}
            />
          </label>
        ) : null}
        <button
          type="button"
          className="button button-ghost sidebar-shortcuts"
          popoverTarget="shortcut-help"
        >
          <Keyboard size={16} aria-hidden="true" />
          <span>Keyboard shortcuts</span>
        </button>
        <ShortcutHelp />
      </div>
    </nav>
  );
}
