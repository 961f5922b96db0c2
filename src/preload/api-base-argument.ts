/**
 * How the main process hands the engine's URL to the preload: a command-line switch on the
 * renderer process (additionalArguments), which a sandboxed preload can read from process.argv.
 */
const PREFIX = '--beanpost-api=';

export function apiBaseArgument(origin: string): string {
  return `${PREFIX}${origin}`;
}

/** The http(s) origin passed by apiBaseArgument, or undefined if absent or not a web URL. */
export function apiBaseFromArgv(argv: readonly string[]): string | undefined {
  const value = argv.find((arg) => arg.startsWith(PREFIX))?.slice(PREFIX.length);
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
}
