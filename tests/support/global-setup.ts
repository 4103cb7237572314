/**
 * Once per run: this run's template database with every migration applied and the demo directory
 * seeded (see `infra.ts`). Databases of runs that ended long ago without cleaning up are dropped;
 * those of a run still going are left alone.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPrisma } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/modules/index.js';
import { STALE_RUN_SECONDS, adminUrl, dbUrl, newRunId, templateOf } from './infra.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = newRunId();
  const template = templateOf(run);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const started = (name: string) => Number(/^lth_(?:t|tpl)_(\d+)_/.exec(name)?.[1] ?? 0);
  const all = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'lth\\_t\\_%' OR datname LIKE 'lth\\_tpl\\_%' OR datname = 'lth_test_template'",
  );
  const now = Math.floor(Date.now() / 1000);
  for (const { datname } of all.rows)
    if (now - started(datname) > STALE_RUN_SECONDS)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await applyMigrations(dbUrl(template));
  const prisma = createPrisma(dbUrl(template));
  await seedDemo(prisma);
  await prisma.$disconnect();
  await admin.end();
  project.provide('lthRunId', run);
  return async () => {
    const a = new pg.Client({ connectionString: adminUrl() });
    await a.connect();
    // the template, and whatever test databases of this run a failed test left
    const mine = await a.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
      [template, `lth\\_t\\_${run}\\_%`],
    );
    for (const { datname } of mine.rows) await a.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await a.end();
  };
}
