// `prisma generate` offline: the CLI only checks that a schema-engine binary exists, it never runs
// it for `generate`, so point it at this file instead of downloading the native engine.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const r = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { encoding: 'utf8', env });
if (r.status !== 0) {
  process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  process.exit(r.status ?? 1);
}
