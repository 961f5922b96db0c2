import type { Address, MessageDetail } from '../../../shared/index.js';
import { displayName, formatAddress, formatLongDate, formatMediumDate } from '../../lib/format.js';
import { Avatar } from '../avatar.js';

function AddressLine({ label, addresses }: { label: string; addresses: Address[] }) {
  if (addresses.length === 0) return null;
  return (
    <div className="address-line">
      <span className="address-label">{label}</span>
      <span className="address-values" title={addresses.map(formatAddress).join(', ')}>
        {addresses.map((address) => address.name || address.address).join(', ')}
      </span>
    </div>
  );
}

export function ViewerHeader({ message }: { message: MessageDetail }) {
  return (
    <header className="viewer-header">
      <h1 className="viewer-subject" dir="auto">
        {message.subject || '(no subject)'}
      </h1>
      <div className="viewer-from">
        <Avatar address={message.from} size={40} />
        <div className="viewer-from-text">
          <div className="viewer-from-line">
            <span className="viewer-from-name">{displayName(message.from)}</span>
            {message.from?.name ? (
              <span className="viewer-from-address">{message.from.address}</span>
            ) : null}
          </div>
          <AddressLine label="To" addresses={message.to} />
          <AddressLine label="Cc" addresses={message.cc} />
          <AddressLine label="Bcc" addresses={message.bcc} />
          <AddressLine label="Reply-To" addresses={message.replyTo} />
        </div>
        <time className="viewer-date" dateTime={message.date} title={formatLongDate(message.date)}>
          {formatMediumDate(message.date)}
        </time>
      </div>
    </header>
  );
}
