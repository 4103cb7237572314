/** The module list is the one place a module is registered: every manifest is in it, every resolver in a manifest. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLERS, MODULES, RESOLVERS, ROUTES } from '../../src/modules/index.js';
import { jobNames } from '../../src/jobs/job-catalog.js';

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

  it("takes every module's jobs, handlers and routes from its manifest (a <name>.jobs.ts or .http.ts outside one is an error)", () => {
    for (const d of folders) {
      const files = readdirSync(path.join(root, d.name));
      const manifest = MODULES.find((m) => m.name === d.name);
      if (files.some((f) => f.endsWith('.jobs.ts'))) {
        expect(manifest?.jobs, `${d.name}'s jobs`).toBeDefined();
        expect(manifest?.handlers?.length, `${d.name}'s handlers`).toBeGreaterThan(0);
      }
      if (files.some((f) => f.endsWith('.http.ts')))
        expect(manifest?.routes?.length, `${d.name}'s routes`).toBeGreaterThan(0);
    }
    // one handler per job of the catalog (the worker registry refuses to start otherwise)
    expect(HANDLERS.map((h) => h.name).sort()).toEqual(jobNames().sort());
    expect(new Set(ROUTES.map((r) => r.path)).size).toBe(ROUTES.length);
  });
});
