import type { Address } from '../../shared/index.js';

const sizeUnits = ['B', 'KB', 'MB', 'GB'] as const;

/** 1536 → "1.5 KB": decimal-free for bytes, one decimal below 10 units. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${sizeUnits[unit]}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullDateFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const longFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const mediumFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** The list's date column: "now", "5 min ago", "14:32", "Yesterday", "Tue", "12 Mar", "12 Mar 2023". */
export function formatListDate(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const age = now - time;
  // A clock a little ahead of ours (or a `now` that ticks every 30 s) still reads as "now".
  if (age > -5 * MINUTE && age < MINUTE) return 'now';
  if (age >= 0 && age < HOUR) return relative.format(-Math.floor(age / MINUTE), 'minute');
  const today = startOfDay(now);
  if (time >= today) return timeFormat.format(time);
  if (time >= today - DAY) return relative.format(-1, 'day');
  if (time >= today - 6 * DAY) return weekdayFormat.format(time);
  if (new Date(time).getFullYear() === new Date(now).getFullYear()) {
    return dayMonthFormat.format(time);
  }
  return fullDateFormat.format(time);
}

export function formatLongDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : longFormat.format(time);
}

/** The viewer's date: "Dec 4, 2026, 9:05 PM" (the full one is in its tooltip). */
export function formatMediumDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : mediumFormat.format(time);
}

export function displayName(address: Address | null): string {
  if (!address) return '(no sender)';
  return address.name || address.address || '(no sender)';
}

export function formatAddress(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** Two letters for the avatar: initials of the name, else of the mailbox's local part. */
export function initials(address: Address | null): string {
  const source = (address?.name || address?.address.split('@')[0] || '?').trim();
  const words = source.split(/[\s._-]+/u).filter((word) => word.length > 0);
  const letters =
    words.length >= 2
      ? [...(words[0] ?? '')].slice(0, 1).concat([...(words[1] ?? '')].slice(0, 1))
      : [...source].slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

/** Hues that stay distinct from each other and readable in both themes. */
const AVATAR_HUES = [8, 28, 45, 95, 150, 175, 200, 220, 250, 280, 320, 340] as const;

/** A stable hue per address so one sender always gets the same avatar colour. */
export function avatarHue(address: Address | null): number {
  const key = (address?.address || address?.name || '').toLowerCase();
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return AVATAR_HUES[Math.abs(hash) % AVATAR_HUES.length] ?? 220;
}
