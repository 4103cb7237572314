/**
 * `npm run token -- --role OFFICER --agency 000.00.51.H24 [--sub name] [--expires 12h]`: sign a JWT
 * with JWT_SECRET, for development and for trying roles. Production tokens come from the city's
 * identity provider (JWT_PUBLIC_KEY).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadToolConfig } from '../config/config.js';
import { Role } from '../generated/prisma/enums.js';
import { signToken } from '../modules/auth/jwt.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'OFFICER' },
    agency: { type: 'string' },
    sub: { type: 'string', default: 'dev-user' },
    expires: { type: 'string', default: '12h' },
  },
});
// a development tool unless NODE_ENV says otherwise (production: the hub's own environment, AUDIT_KEY included)
const config = loadToolConfig();
// `npm start` keeps its development secret under the data directory.
config.jwt.secret ??= (() => {
  try {
    return readFileSync(path.join(config.dataDir, 'dev-jwt-secret'), 'utf8').trim();
  } catch {
    return undefined;
  }
})();
const missing = [
  ...(config.jwt.secret
    ? []
    : [
        `JWT_SECRET: the secret the API verifies tokens with (\`npm start\` keeps its own in ${path.join(config.dataDir, 'dev-jwt-secret')}: start it once, or set JWT_SECRET or DATA_DIR)`,
      ]),
  ...(Object.hasOwn(Role, values.role!) ? [] : [`--role: ADMIN, LEADER or OFFICER (not "${values.role}")`]),
];
if (missing.length) {
  process.stderr.write(
    `${missing.map((m) => `missing or wrong: ${m}\n`).join('')}usage: [JWT_SECRET=…] npm run token -- --role ADMIN|LEADER|OFFICER [--agency <code>] [--sub <name>] [--expires 12h]\n`,
  );
  process.exit(2);
}
process.stdout.write(
  `${await signToken(config.jwt, { sub: values.sub!, role: values.role as Role, agency: values.agency }, values.expires)}\n`,
);
