import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageJsonSchema = z.object({ name: z.string(), version: z.string() });
const PACKAGE_NAME = 'beanpost';

/**
 * This module runs from src/server (tsx, tests), from the out/main bundle (CLI, Electron) and
 * from inside an app archive; the nearest package.json named beanpost is the root in each case.
 */
function findPackageRoot(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed = PackageJsonSchema.safeParse(JSON.parse(readFileSync(candidate, 'utf8')));
      if (parsed.success && parsed.data.name === PACKAGE_NAME) {
        return { root: dir, version: parsed.data.version };
      }
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${import.meta.url}`);
    dir = parent;
  }
}

let cached: { root: string; version: string } | undefined;

export function packageInfo(): { root: string; version: string } {
  cached ??= findPackageRoot();
  return cached;
}

/** Where `npm run build` puts the renderer. */
export function defaultStaticDir(): string {
  return join(packageInfo().root, 'out', 'renderer');
}
