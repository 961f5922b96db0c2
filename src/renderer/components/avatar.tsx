import type { CSSProperties } from 'react';
import type { Address } from '../../shared/index.js';
import { avatarHue, initials } from '../lib/format.js';

export function Avatar({ address, size = 36 }: { address: Address | null; size?: number }) {
  const style = {
    '--avatar-hue': avatarHue(address),
    '--avatar-size': `${size}px`,
  } as CSSProperties;
  return (
    <span className="avatar" aria-hidden="true" style={style}>
      {initials(address)}
    </span>
  );
}
