/**
 * The examples stay true: the typed client's generated types are those of the committed SDL, and
 * the tour script runs the README's GraphQL documents word for word (CI runs the script itself
 * against `npm start`: tests/e2e/start.test.ts).
 */
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../examples/inbox/codegen.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('examples', () => {
  it("the inbox client's generated types are the committed SDL's (npm run codegen writes them)", async () => {
    const outputs = (await generate(config, false)) as Array<{ filename: string; content: string }>;
    expect(outputs.length).toBeGreaterThan(0);
    for (const o of outputs) expect(readFileSync(o.filename, 'utf8'), o.filename).toBe(o.content);
  }, 60_000);

  it("the tour script sends the README tour's GraphQL documents, each of them", () => {
    const readme = readFileSync('README.md', 'utf8');
    const tour = readme.slice(
      readme.indexOf('## The tour, step by step'),
      readme.indexOf('\n## ', readme.indexOf('## The tour, step by step') + 5),
    );
    const documents = [...tour.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => squash(m[1]!));
    expect(documents.length).toBeGreaterThanOrEqual(8);
    const script = squash(readFileSync('examples/tour.mjs', 'utf8'));
    for (const d of documents) expect(script, d).toContain(d);
  });
});
