// Types for electron-native.js (plain Node ESM, run without a build), for the tests that import it.

/** One better-sqlite3 release built for one Electron on one platform and architecture. */
export interface ElectronTarget {
  sqliteVersion: string;
  electronVersion: string;
  platform: string;
  arch: string;
}

/** A finished command: its exit code (null if it could not run) and its stdout + stderr. */
export interface CommandResult {
  code: number | null;
  output: string;
}

export const BINDING_FILE: string;
export const RETRY_COMMAND: string;

export function bindingPath(nativeDir: string, target: ElectronTarget): string;
export function prebuildInstallArgs(
  prebuildInstallBin: string,
  target: Pick<ElectronTarget, 'electronVersion' | 'platform' | 'arch'>,
): string[];
export function nodeGypArgs(
  nodeGypBin: string,
  target: Pick<ElectronTarget, 'electronVersion' | 'arch'>,
): string[];
export function nodeGypCandidates(input: {
  env: Readonly<Record<string, string | undefined>>;
  execPath: string;
  platform: string;
  localNodeGyp: string | undefined;
}): string[];
export function currentTarget(root: string): ElectronTarget;
export function defaultNativeDir(
  root: string,
  env?: Readonly<Record<string, string | undefined>>,
): string;
export function ensureElectronBinding(options: {
  root: string;
  nativeDir: string;
  target: ElectronTarget;
  log?: (line: string) => void;
  /** Runs node with these arguments in cwd. */
  run?: (args: string[], cwd: string) => Promise<CommandResult>;
  env?: Readonly<Record<string, string | undefined>>;
}): Promise<{ path: string; prepared: boolean }>;
export function prepareElectronBinding(root: string): Promise<{ path: string; prepared: boolean }>;
