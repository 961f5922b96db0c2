import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../src/core/index.js';
import {
  LaunchFlagsError,
  parseLaunchFlags,
  windowUrl,
  withSettings,
} from '../../src/main/launch-options.js';

describe('parseLaunchFlags (the flags of `beanpost serve`)', () => {
  it('uses the CLI defaults and its data dir when given nothing, so desktop and CLI share mail', () => {
    const flags = parseLaunchFlags([]);
    expect(flags.dataDir).toBe(defaultDataDir());
    expect(flags.options).toMatchObject({
      host: '127.0.0.1',
      smtpPort: 1025,
      httpPort: 1080,
      dataDir: defaultDataDir(),
      smtpTls: false,
      beanstalkdEnabled: true,
      beanstalkdPort: 11300,
      beanstalkdPersist: true,
    });
    expect(flags.portsGiven).toEqual({ smtpPort: false, httpPort: false, beanstalkdPort: false });
  });

  it('accepts the serve flags, with their units', () => {
    const flags = parseLaunchFlags([
      '--smtp-port',
      '2525',
      '--http-port=8081',
      '--data-dir',
      '/tmp/beanpost-data',
      '--max-messages',
      '500',
      '--max-age',
      '2d',
      '--max-message-size',
      '10MB',
      '--smtp-tls',
      '--beanstalkd-port',
      '11400',
      '--no-persist',
    ]);
    expect(flags.dataDir).toBe('/tmp/beanpost-data');
    expect(flags.options).toMatchObject({
      smtpPort: 2525,
      httpPort: 8081,
      maxMessages: 500,
      maxAgeMs: 2 * 86_400_000,
      maxMessageSize: 10 * 1024 ** 2,
      smtpTls: true,
      beanstalkdPort: 11400,
      beanstalkdPersist: false,
    });
    expect(flags.portsGiven).toEqual({ smtpPort: true, httpPort: true, beanstalkdPort: true });
    expect(parseLaunchFlags(['--no-beanstalkd']).options.beanstalkdEnabled).toBe(false);
  });

  it('ignores what is not a serve flag: the app path in development, Chromium switches', () => {
    const flags = parseLaunchFlags(['.', '--no-sandbox', '--inspect=9229', '--smtp-port', '2026']);
    expect(flags.options.smtpPort).toBe(2026);
  });

  it('refuses a bad value with a message that names the flag', () => {
    expect(() => parseLaunchFlags(['--smtp-port', 'nope'])).toThrow(LaunchFlagsError);
    expect(() => parseLaunchFlags(['--http-port', '70000'])).toThrow(/--http-port/);
  });

  it('does not refuse to start over --help', () => {
    expect(parseLaunchFlags(['--help']).options.smtpPort).toBe(1025);
  });
});

describe('withSettings', () => {
  it('takes ports from the settings file when no flag gave them', () => {
    const options = withSettings(parseLaunchFlags([]), { notifications: true, smtpPort: 2525 });
    expect(options).toMatchObject({ smtpPort: 2525, httpPort: 1080 });
  });

  it('lets a flag win over the settings file', () => {
    const options = withSettings(parseLaunchFlags(['--http-port', '9090']), {
      notifications: true,
      smtpPort: 2525,
      httpPort: 8081,
    });
    expect(options).toMatchObject({ smtpPort: 2525, httpPort: 9090 });
  });

  it('takes the beanstalkd port from the settings file too, unless a flag gave one', () => {
    const settings = { notifications: true, beanstalkdPort: 11301 };
    expect(withSettings(parseLaunchFlags([]), settings).beanstalkdPort).toBe(11301);
    expect(
      withSettings(parseLaunchFlags(['--beanstalkd-port', '0']), settings).beanstalkdPort,
    ).toBe(0);
  });
});

describe('windowUrl', () => {
  it('loads the engine URL as is on loopback', () => {
    expect(windowUrl({ url: 'http://127.0.0.1:1080', token: null })).toBe('http://127.0.0.1:1080/');
  });

  it('reaches a wildcard bind through loopback and presents the token once', () => {
    expect(windowUrl({ url: 'http://0.0.0.0:1080', token: 'abc' })).toBe(
      'http://127.0.0.1:1080/?token=abc',
    );
    expect(windowUrl({ url: 'http://[::]:1080', token: 'abc' })).toBe(
      'http://[::1]:1080/?token=abc',
    );
  });
});
