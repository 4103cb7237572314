import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { printHubSchema } from '../../src/graphql/schema.js';

it('schema/schema.graphql is the schema the code builds (run `npm run schema:emit` after a change)', async () => {
  const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(await printHubSchema());
});

it('describes every type and root field in Vietnamese beside English', async () => {
  const sdl = await printHubSchema();
  for (const name of ['Agency', 'AgencyLevel', 'ApiKey', 'AuditEntry', 'Role']) {
    expect(sdl).toMatch(new RegExp(`"""[^"]*—[^"]*"""\\s*(type|enum) ${name}\\b`));
  }
});
