/**
 * Reads side by side (a benchmark, not a test): the hub's production API (`start:api`, its own
 * process) against the raw floor (`bench/lib/raw-server.ts`: the same JSON from one hand-written
 * SQL statement), on one generated database, the same queries, in interleaved rounds. Prints each
 * round's requests per second, latencies and the hub/raw ratio, with the machine's load: ratios
 * within a round are what to read on a shared, noisy machine.
 *
 *   dossiers  a page of 50 dossiers, newest first, with procedure, receiving agency and payments (ADMIN)
 *   inbox     a page of 50 deliveries of one commune's inbox, with document, sender and attachments
 *
 * Usage: npm run bench:reads [-- --dossiers 100000 --rounds 3 --seconds 5 --concurrency 8]
 * Needs PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432) and Redis (REDIS_URL, default
 * 127.0.0.1:6379). The database `lth_bench_<dossiers>` is generated once and reused.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.js';
import { signToken } from '../src/modules/auth/jwt.js';
import { prepareDataset } from './lib/dataset.js';
import { startRawServer } from './lib/raw-server.js';

const { values: args } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
  },
});
const DOSSIERS = Number(args.dossiers);
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const SERVER = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A production hub API in its own process, with throwaway secrets and a self-signed edXML key. */
async function startHub(databaseUrl: string): Promise<{ url: string; env: NodeJS.ProcessEnv; child: ChildProcess }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lth-bench-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=lien-thong-hub-bench',
    ],
    { stdio: 'ignore' },
  );
  const secret = () => randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: `lth_bench_${randomBytes(4).toString('hex')}`,
    PORT: '0',
    JWT_SECRET: secret(),
    AUDIT_KEY: secret(),
    AUDIT_CHECKPOINT_DIR: path.join(dir, 'checkpoints'),
    PAYMENT_SECRET_KEY: secret(),
    WEBHOOK_SIGNING_KEY: secret(),
    EDXML_SIGNING_KEY_FILE: key,
    EDXML_SIGNING_CERT_FILE: cert,
    PUBLIC_URL: 'https://hub.example.vn',
    BLOB_DIR: path.join(dir, 'blobs'),
    DATA_DIR: path.join(dir, 'data'),
  };
  const child = fork(path.resolve('dist/src/cli/api.js'), [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the hub exited with ${code} before it listened`)));
    child.on('message', (m: { ready?: string }) => m.ready && resolve(m.ready));
  });
  child.removeAllListeners('exit');
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { url, env, child };
}

interface Measure {
  rps: number;
  p50: number;
  p95: number;
  errors: number;
}

/** `CONCURRENCY` loops calling `one` for `SECONDS`; an answer with errors counts as an error. */
async function load(one: () => Promise<boolean>): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const t = performance.now();
        const ok = await one().catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: (latencies.length - errors) / SECONDS, p50: at(0.5), p95: at(0.95), errors };
}

async function main(): Promise<void> {
  const { url: databaseUrl, made } = await prepareDataset(SERVER, DOSSIERS, say);
  if (!made) say(`reusing lth_bench_${DOSSIERS}`);
  const hub = await startHub(databaseUrl);
  const raw = await startRawServer(databaseUrl);
  const config = loadConfig(hub.env);
  const token = await signToken(config.jwt, { sub: 'bench', role: 'ADMIN' }, '2h');
  // the commune with the most deliveries (its inbox has full pages at every scale)
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const agency = (
    await c.query(
      `SELECT a.code FROM delivery v JOIN agency a ON a.id = v.recipient_id GROUP BY a.code ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows[0].code as string;
  await c.end();

  const gql = (query: string, variables: Record<string, unknown>) => async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: unknown };
    return res.ok && !body.errors && !!body.data;
  };
  const get = (p: string) => async () => {
    const res = await fetch(`${raw.url}${p}`);
    const body = (await res.json()) as { errors?: unknown[] };
    return res.ok && !body.errors;
  };
  const work = [
    {
      name: 'dossiers',
      hub: gql(
        `{ dossiers(first: 50) { edges { node { code status receivedAt procedure { code name } receivingAgency { code name } payments { amount status } } } } }`,
        {},
      ),
      raw: get('/dossiers?first=50'),
    },
    {
      name: 'inbox',
      hub: gql(
        `query($a: String!) { inbox(agencyCode: $a, first: 50) { edges { node { status document { subject sender { code } attachments { name } } } } } }`,
        { a: agency },
      ),
      raw: get(`/inbox?first=50&agency=${encodeURIComponent(agency)}`),
    },
  ];
  // both answer before anything is timed (and warm their caches)
  for (const w of work) {
    if (!(await w.hub()) || !(await w.raw())) throw new Error(`${w.name}: a server answered with errors`);
    await Promise.all(Array.from({ length: 20 }, () => Promise.all([w.hub(), w.raw()])));
  }

  say(
    `\nreads at ${DOSSIERS} dossiers · ${os.cpus().length} cores · ${ROUNDS} rounds of ${SECONDS} s · concurrency ${CONCURRENCY} · ${new Date().toISOString()}`,
  );
  say('| round | work | hub rps | raw rps | hub / raw | hub p50 / p95 ms | raw p50 / p95 ms | errors | load (1 min) |');
  say('|---|---|---|---|---|---|---|---|---|');
  const ratios = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const w of work) {
      // alternate which goes first, so that neither always runs on the warmer machine
      const first = round % 2 ? 'hub' : 'raw';
      const m: Record<string, Measure> = {};
      for (const side of first === 'hub' ? (['hub', 'raw'] as const) : (['raw', 'hub'] as const))
        m[side] = await load(w[side]);
      const ratio = m['hub']!.rps / m['raw']!.rps;
      ratios.set(w.name, [...(ratios.get(w.name) ?? []), ratio]);
      say(
        `| ${round} | ${w.name} | ${m['hub']!.rps.toFixed(1)} | ${m['raw']!.rps.toFixed(1)} | ${ratio.toFixed(2)} | ${m['hub']!.p50.toFixed(0)} / ${m['hub']!.p95.toFixed(0)} | ${m['raw']!.p50.toFixed(0)} / ${m['raw']!.p95.toFixed(0)} | ${m['hub']!.errors + m['raw']!.errors} | ${os.loadavg()[0]!.toFixed(2)} |`,
      );
    }
  }
  say('\n| work | hub / raw, median of the rounds |');
  say('|---|---|');
  for (const [name, r] of ratios)
    say(`| ${name} | ${[...r].sort((a, b) => a - b)[Math.floor(r.length / 2)]!.toFixed(2)} |`);
  hub.child.kill('SIGTERM');
  await raw.close();
}

await main();
