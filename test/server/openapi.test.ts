import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/server/openapi.js';
import { packageInfo } from '../../src/server/package-root.js';
import { routes } from '../../src/shared/index.js';
import { startTestBeanpost, type TestBeanpost } from './helpers.js';

const committedPath = join(dirname(fileURLToPath(import.meta.url)), '../../docs/openapi.json');

let bp: TestBeanpost;
beforeAll(async () => {
  bp = await startTestBeanpost();
});
afterAll(async () => bp.close());

describe('OpenAPI', () => {
  it('is served at /api/openapi.json and covers every contract route', async () => {
    const served = (await (await fetch(`${bp.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(served).toEqual(buildOpenApiDocument(packageInfo().version));
    expect(served.openapi).toBe('3.1.0');
    const operationIds = Object.values(served.paths).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    for (const name of Object.keys(routes)) expect(operationIds).toContain(name);
  });

  it('refers only to components it defines', () => {
    const doc = buildOpenApiDocument('0.0.0') as {
      components: { schemas: Record<string, unknown> };
    };
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(doc.components.schemas)).toContain(ref?.split('/').pop());
    }
  });

  // To refresh after a contract change (then let Biome lay it out, as `npm run lint` checks):
  //   UPDATE_OPENAPI=1 npx vitest run test/server/openapi.test.ts && npx biome format --write docs/openapi.json
  it('matches the committed docs/openapi.json', async () => {
    const generated = buildOpenApiDocument(packageInfo().version);
    if (process.env.UPDATE_OPENAPI === '1')
      await writeFile(committedPath, `${JSON.stringify(generated, null, 2)}\n`);
    const committed: unknown = JSON.parse(await readFile(committedPath, 'utf8'));
    expect(committed, 'docs/openapi.json is stale: regenerate it (see the comment above)').toEqual(
      generated,
    );
  });
});
