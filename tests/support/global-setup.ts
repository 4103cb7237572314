/** Once per run: a template database with every migration applied and the demo directory seeded. */
import pg from 'pg';
import { createPrisma } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/db/seed.js';
import { TEMPLATE_DB, adminUrl, dbUrl } from './infra.js';

export default async function setup(): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  // Databases left by an interrupted earlier run.
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'lth\\_t\\_%' OR datname = $1", [TEMPLATE_DB]);
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await applyMigrations(dbUrl(TEMPLATE_DB));
  const prisma = createPrisma(dbUrl(TEMPLATE_DB));
  await seedDemo(prisma);
  await prisma.$disconnect();
  await admin.end();
  return async () => {
    const a = new pg.Client({ connectionString: adminUrl() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await a.end();
  };
}
