/**
 * `npm run api-key -- --agency <code> [--role ADMIN|LEADER|OFFICER] [--name <text>]`: issue an API
 * key from the command line (the first admin key). Prints the key once; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { loadToolConfig } from '../config/config.js';
import { createPrisma } from '../db/client.js';
import { Role } from '../generated/prisma/enums.js';
import { auditService } from '../modules/audit/audit.service.js';
import { configureAudit } from '../modules/audit/audit-hash.js';
import { apiKeyService } from '../modules/auth/api-key.service.js';

const { values } = parseArgs({
  options: {
    agency: { type: 'string' },
    role: { type: 'string', default: 'ADMIN' },
    name: { type: 'string', default: 'bootstrap admin key' },
  },
});
// a development tool unless NODE_ENV says otherwise (production: the hub's own environment)
const config = loadToolConfig();
// The key's audit row is chained with AUDIT_KEY: with another key the chain would read as rewritten.
// Only an explicit development or test environment may use the development key.
if (!config.audit.keyGiven && !config.envExplicit) {
  process.stderr.write(
    "AUDIT_KEY is required: the hub's own (the issued key's audit row is chained with it); under `npm start` set NODE_ENV=development instead\n",
  );
  process.exit(2);
}
configureAudit(config);
const { databaseUrl } = config;
const missing = [
  ...(databaseUrl ? [] : ['DATABASE_URL: the database the hub uses (`npm start` prints it as "Database:")']),
  ...(values.agency ? [] : ['--agency: the code of the agency the key acts for (e.g. 000.00.00.H24)']),
  ...(Object.hasOwn(Role, values.role!) ? [] : [`--role: ADMIN, LEADER or OFFICER (not "${values.role}")`]),
];
if (missing.length) {
  process.stderr.write(
    `${missing.map((m) => `missing or wrong: ${m}\n`).join('')}usage: [NODE_ENV=development | AUDIT_KEY=…] DATABASE_URL=… npm run api-key -- --agency 000.00.00.H24 [--role ADMIN|LEADER|OFFICER] [--name "…"]\n`,
  );
  process.exit(2);
}
const prisma = createPrisma(databaseUrl!);
try {
  const issued = await prisma.$transaction(async (tx) => {
    const result = await apiKeyService.issue(
      tx,
      { agencyCode: values.agency!, role: values.role as Role, name: values.name! },
      'cli',
    );
    await auditService.append(tx, {
      caller: null,
      operation: 'issueApiKey(cli)',
      targetIds: [result.apiKey.id, values.agency!],
      requestId: `cli-${process.pid}`,
      outcome: 'SUCCESS',
    });
    return result;
  });
  await auditService.sealNow(prisma);
  process.stdout.write(`${issued.secret}\n`);
  process.stderr.write(
    `Issued ${issued.apiKey.role} key ${issued.apiKey.prefix} for ${values.agency}. Send it as "Authorization: ApiKey <key>". It is not shown again.\n`,
  );
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
