/** `npm run db:migrate`: apply pending migrations and seed the demo directory (idempotent). */
import { loadToolConfig } from '../config/config.js';
import { createPrisma } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { seedDemo } from '../modules/index.js';

// a tool, not a start of the hub: it needs only the database (production: set NODE_ENV=production)
const { databaseUrl } = loadToolConfig();
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(78);
}
const applied = await applyMigrations(databaseUrl);
process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database schema is up to date.\n');
if (!process.argv.includes('--no-seed')) {
  const prisma = createPrisma(databaseUrl);
  const { agencies } = await seedDemo(prisma);
  await prisma.$disconnect();
  process.stdout.write(`Demo directory: ${agencies} agencies; targets and holidays seeded.\n`);
}
