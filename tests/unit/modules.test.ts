/** The module list is the one place a module is registered: every manifest is in it, every resolver in a manifest. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES, RESOLVERS } from '../../src/modules/index.js';

const root = new URL('../../src/modules/', import.meta.url).pathname;
const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());

describe('the modules', () => {
  it('lists every module manifest of src/modules', () => {
    const manifests = folders
      .filter((d) => readdirSync(path.join(root, d.name)).includes(`${d.name}.module.ts`))
      .map((d) => d.name);
    expect(MODULES.map((m) => m.name).sort()).toEqual(manifests.sort());
  });

  it("puts every resolver class of a module in its manifest (a forgotten one would miss the schema's guards)", () => {
    const declared = folders.flatMap((d) =>
      readdirSync(path.join(root, d.name))
        .filter((f) => f.endsWith('.resolver.ts'))
        .flatMap((f) =>
          [...readFileSync(path.join(root, d.name, f), 'utf8').matchAll(/^export class (\w+Resolver)\b/gm)].map(
            (m) => m[1],
          ),
        ),
    );
    expect(RESOLVERS.map((r) => r.name).sort()).toEqual(declared.sort());
  });
});
