// The build, doing only what changed: the Prisma client is generated again only when the schema
// (or Prisma) changed, and TypeScript is compiled incrementally (its build info lives in dist/, so
// removing dist/ rebuilds everything), and not at all when no source is newer than the last build.
// `node scripts/build.mjs` (what `npm run build` runs); `npm start` imports `build()`.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...p) => path.join(root, ...p);

function run(args, onFailure = () => undefined) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    onFailure();
    process.exit(r.status ?? 1);
  }
}

/** The Prisma client, when the schema or Prisma's version differs from what it was generated from. */
function generate() {
  const stamp = at('src/generated/prisma/.source-hash');
  const hash = createHash('sha256')
    .update(readFileSync(at('prisma/schema.prisma')))
    .update(readFileSync(at('node_modules/prisma/package.json')))
    .update(readFileSync(at('scripts/prisma-generate.mjs')))
    .update(existsSync(at('prisma.config.ts')) ? readFileSync(at('prisma.config.ts')) : '')
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return false;
  run([at('scripts/prisma-generate.mjs')]);
  writeFileSync(stamp, hash);
  return true;
}

/** The newest modification time under `dir` (TypeScript sources and configs). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.(ts|mts|json)$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Compile what changed since the last build (nothing at all when no source is newer than it). */
export function build() {
  const generated = generate();
  const info = at('dist/.tsbuildinfo');
  const sources = Math.max(
    ...['src', 'workers', 'bench'].map((d) => newest(at(d))),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(at(f)).mtimeMs),
  );
  if (!generated && existsSync(info) && statSync(info).mtimeMs >= sources) return;
  // a build that failed is not a build: it emitted anyway, so the next one must run in full
  run([at('node_modules/typescript/bin/tsc'), '-p', at('tsconfig.build.json')], () => rmSync(info, { force: true }));
  // marked as built from the sources as they were when it began (a file saved meanwhile is newer:
  // the next build takes it); an incremental build that emitted nothing leaves its info untouched
  const stamp = new Date(sources);
  utimesSync(info, stamp, stamp);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) build();
