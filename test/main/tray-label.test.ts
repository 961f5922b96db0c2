import { describe, expect, it } from 'vitest';
import { trayLabel } from '../../src/main/tray-label.js';

describe('trayLabel', () => {
  it('says there is nothing when the store is empty', () => {
    expect(trayLabel({ total: 0, unread: 0 })).toEqual({
      tooltip: 'Beanpost: no messages',
      title: '',
      badgeCount: 0,
    });
  });

  it('shows no count once everything is read', () => {
    expect(trayLabel({ total: 1, unread: 0 })).toEqual({
      tooltip: 'Beanpost: 1 message, all read',
      title: '',
      badgeCount: 0,
    });
  });

  it('shows the unread count in the title, the tooltip and the badge', () => {
    expect(trayLabel({ total: 12, unread: 3 })).toEqual({
      tooltip: 'Beanpost: 3 unread of 12 messages',
      title: '3',
      badgeCount: 3,
    });
  });

  it('caps the menu-bar text but keeps the exact badge', () => {
    expect(trayLabel({ total: 50_000, unread: 1234 })).toEqual({
      tooltip: 'Beanpost: 999+ unread of 50000 messages',
      title: '999+',
      badgeCount: 1234,
    });
  });
});
