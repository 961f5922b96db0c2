import { describe, expect, it } from 'vitest';
import { apiBaseArgument, apiBaseFromArgv } from '../../src/preload/api-base-argument.js';

describe('the API base handed to the preload', () => {
  it('round-trips through the renderer command line', () => {
    const argv = [
      '/opt/Beanpost/beanpost',
      '--type=renderer',
      apiBaseArgument('http://127.0.0.1:1080'),
    ];
    expect(apiBaseFromArgv(argv)).toBe('http://127.0.0.1:1080');
  });

  it('keeps only the origin', () => {
    expect(apiBaseFromArgv([apiBaseArgument('http://[::1]:1080/some/path?x=1')])).toBe(
      'http://[::1]:1080',
    );
  });

  it.each([
    [[]],
    [['--beanpost-api=']],
    [['--beanpost-api=javascript:alert(1)']],
    [['--beanpost-api=file:///etc']],
  ])('is absent when missing or not a web URL (%j)', (argv) => {
    expect(apiBaseFromArgv(argv)).toBeUndefined();
  });
});
