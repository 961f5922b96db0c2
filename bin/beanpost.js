#!/usr/bin/env node
// The CLI is TypeScript bundled by electron-vite into out/main/cli.js; this stub only finds it.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'beanpost: the CLI is not built yet; run `npm run build` in the beanpost folder first.',
  );
  process.exit(1);
}
await import(cli.href);
