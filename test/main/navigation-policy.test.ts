import { describe, expect, it } from 'vitest';
import {
  decideFrameNavigation,
  decideNavigation,
  decidePermission,
  decideRedirect,
  decideWindowOpen,
  isAppUrl,
  toOrigins,
} from '../../src/main/navigation-policy.js';

const APP = ['http://127.0.0.1:1080'];
const APP_AND_DEV = ['http://127.0.0.1:1080', 'http://localhost:5173'];

const refused = [
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ms-settings:privacy',
  'vscode://file/etc/passwd',
  'smb://attacker/share',
  'ftp://example.com/file',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'blob:https://evil.example/0b7a',
  'not a url',
  '',
];

describe('window.open and target=_blank', () => {
  it.each([
    'https://example.com/reset?token=1',
    'http://example.com/',
    'mailto:someone@example.com?subject=hi',
  ])('opens %s in the OS instead of a new window', (url) => {
    expect(decideWindowOpen(url)).toBe('open-external');
  });

  it.each(refused)('refuses %s', (url) => {
    expect(decideWindowOpen(url)).toBe('deny');
  });

  it('never opens the app itself in a second Electron window (only the browser may have it)', () => {
    expect(decideWindowOpen('http://127.0.0.1:1080/api/messages/1/raw')).toBe('open-external');
  });
});

describe('main-frame navigation', () => {
  it('stays allowed on the app origin (reload, full-page links inside the UI)', () => {
    expect(decideNavigation('http://127.0.0.1:1080/', APP)).toBe('allow');
    expect(decideNavigation('http://127.0.0.1:1080/?id=42#x', APP)).toBe('allow');
    expect(decideNavigation('http://localhost:5173/src/main.tsx', APP_AND_DEV)).toBe('allow');
  });

  it('blocks leaving the app: a web or mailto link opens in the OS instead', () => {
    expect(decideNavigation('https://example.com/', APP)).toBe('open-external');
    expect(decideNavigation('mailto:a@example.com', APP)).toBe('open-external');
  });

  it('treats another port or host as another site, not the app', () => {
    expect(decideNavigation('http://127.0.0.1:1081/', APP)).toBe('open-external');
    expect(decideNavigation('http://localhost:1080/', APP)).toBe('open-external');
    expect(decideNavigation('https://127.0.0.1:1080/', APP)).toBe('open-external');
    expect(decideNavigation('http://localhost:5173/', APP)).toBe('open-external');
  });

  it.each(refused)('refuses %s outright', (url) => {
    expect(decideNavigation(url, APP)).toBe('deny');
  });
});

describe('redirects', () => {
  it('may only land on the app origin, and are never opened outside', () => {
    expect(decideRedirect('http://127.0.0.1:1080/', APP)).toBe('allow');
    expect(decideRedirect('https://example.com/', APP)).toBe('deny');
    expect(decideRedirect('file:///etc/passwd', APP)).toBe('deny');
  });
});

describe('subframe navigation (the mail iframe)', () => {
  it('lets the srcdoc document and app URLs load', () => {
    expect(decideFrameNavigation('about:srcdoc', APP)).toBe('allow');
    expect(decideFrameNavigation('about:blank', APP)).toBe('allow');
    expect(decideFrameNavigation('about:srcdoc#terms', APP)).toBe('allow');
    expect(decideFrameNavigation('http://127.0.0.1:1080/api/messages/3/parts/2', APP)).toBe(
      'allow',
    );
    expect(decideFrameNavigation('blob:http://127.0.0.1:1080/5d1c', APP)).toBe('allow');
  });

  it('denies a remote page inside the app without opening it anywhere (a mail could trigger it)', () => {
    expect(decideFrameNavigation('https://tracker.example/landing', APP)).toBe('deny');
    expect(decideFrameNavigation('mailto:a@example.com', APP)).toBe('deny');
    expect(decideFrameNavigation('https://tracker.example/#about:srcdoc', APP)).toBe('deny');
  });

  it.each(refused)('refuses %s', (url) => {
    expect(decideFrameNavigation(url, APP)).toBe('deny');
  });
});

describe('permissions', () => {
  it('grants clipboard writes to the app page only', () => {
    expect(decidePermission('clipboard-sanitized-write', 'http://127.0.0.1:1080/', APP)).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', 'http://127.0.0.1:1080', APP)).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', 'null', APP)).toBe(false);
    expect(decidePermission('clipboard-sanitized-write', 'https://example.com/', APP)).toBe(false);
  });

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
  ])('denies %s even to the app', (permission) => {
    expect(decidePermission(permission, 'http://127.0.0.1:1080/', APP)).toBe(false);
  });
});

describe('origins', () => {
  it('normalises URLs to origins and drops what has none', () => {
    expect(
      toOrigins(['http://127.0.0.1:1080/', 'http://localhost:5173/x', 'about:blank', 'x']),
    ).toEqual(['http://127.0.0.1:1080', 'http://localhost:5173']);
  });

  it('counts an opaque-origin URL as outside the app', () => {
    expect(isAppUrl('data:text/html,hi', ['null'])).toBe(false);
  });
});
