/**
 * The hub side by side (a benchmark, not a test): its production API (`start:api`, its own process,
 * on Node 24), PostGraphile 5 (`lib/postgraphile.ts`, on Node 24) and the raw floor
 * (`lib/raw-server.ts`: the same JSON from one hand-written SQL statement, the same rows written in
 * one transaction), on one generated database (`lib/dataset.ts`), the same work, in interleaved
 * rounds (the order rotates). Prints each round's requests per second, the hub's latencies, CPU per
 * request and memory, PostGraphile's memory, and the ratios, with the machine's load: ratios within
 * a round are what to read on a shared, noisy machine. Given several scales, a growth table follows.
 *
 *   dossiers             a page of 50 dossiers, newest first, with procedure, receiving agency and payments (ADMIN)
 *   inbox                a page of 25 deliveries of one commune's inbox (full at every scale), with document, sender and attachments
 *   kpiReport (a month)  last month's report (raw: the report's main statement alone)
 *   submitDossier        a dossier received by a commune's officer (raw: the same rows in one transaction)
 *   workers              portal syncs by the hub's workers against a bare BullMQ worker making the
 *                        same calls to the same contract double (`lib/worker-path.ts`, `--jobs` per round)
 *
 * Usage: npm run bench [-- --dossiers 10000,100000,500000 --rounds 3 --seconds 5 --concurrency 8]
 *        [--only dossiers|inbox|kpi|submit|workers] [--jobs 300] [--no-postgraphile] [--hub-node current] [--hub-heap <MB>]
 *        [--profile <dir>: the hub writes a V8 CPU profile there as it exits]
 * Needs PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432), Redis (REDIS_URL, default
 * 127.0.0.1:6379) and `openssl`; installs Node 24 and PostGraphile into the cache folder once
 * (`~/.cache/lien-thong-hub`). The database `lth_bench_<dossiers>` is generated once and reused.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.js';
import { signToken } from '../src/modules/auth/jwt.js';
import { forgetWrites, prepareDataset } from './lib/dataset.js';
import { cpuMs, rssMb, startHub } from './lib/hub-process.js';
import { node24 } from './lib/node24.js';
import { startPostGraphile } from './lib/postgraphile.js';
import { startRawServer } from './lib/raw-server.js';
import { workerPath } from './lib/worker-path.js';

const { values: args } = parseArgs({
  options: {
    // one scale, or several (comma-separated: a growth table follows)
    dossiers: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string' },
    'no-postgraphile': { type: 'boolean', default: false },
    'hub-node': { type: 'string', default: '24' },
    'hub-heap': { type: 'string' },
    profile: { type: 'string' },
    jobs: { type: 'string', default: '300' },
  },
});
const SCALES = args.dossiers.split(',').map(Number);
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const SERVER = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Measure {
  /** the hub's CPU time per answered request, ms */
  cpuPerRequest?: number;
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

type Side = 'hub' | 'postgraphile' | 'raw';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Per work at one scale: the medians of the rounds (hub p50 latency, and the ratios). */
type Summary = Map<string, { p50: number; pgl: number | null; raw: number }>;

async function atScale(DOSSIERS: number): Promise<Summary> {
  const { url: databaseUrl, made } = await prepareDataset(SERVER, DOSSIERS, say);
  if (!made) say(`reusing lth_bench_${DOSSIERS}`);
  await forgetWrites(databaseUrl); // a run that ended early
  // the hub runs on Node 24, its deploy target (`--hub-node current`: on this process's Node)
  const hubNode = args['hub-node'] === 'current' ? process.execPath : node24(say);
  const hub = await startHub({
    databaseUrl,
    redisUrl: REDIS,
    execPath: hubNode,
    profileDir: args.profile,
    heapMb: args['hub-heap'] ? Number(args['hub-heap']) : undefined,
  });
  // no child outlives the run, whatever ends it
  const children = [hub.child];
  process.once('exit', () => children.forEach((c) => c.kill('SIGTERM')));
  const raw = await startRawServer(databaseUrl);
  const pgl = args['no-postgraphile'] ? null : await startPostGraphile(databaseUrl, say);
  if (pgl) children.push(pgl.child);
  const config = loadConfig(hub.env);
  const token = await signToken(config.jwt, { sub: 'bench', role: 'ADMIN' }, '2h');
  // the commune with the most deliveries (30 at 10k dossiers: its inbox has full pages of 25 at every scale)
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const agency = (
    await c.query(
      `SELECT a.id, a.code FROM delivery v JOIN agency a ON a.id = v.recipient_id GROUP BY a.id ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows[0] as { id: string; code: string };
  await c.end();

  const graphql = (url: string, headers: Record<string, string>) => (query: string, variables: object) => async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: unknown };
    return res.ok && !body.errors && !!body.data;
  };
  const hubQuery = graphql(hub.url, { authorization: `Bearer ${token}` });
  const pglQuery = pgl ? graphql(pgl.url, {}) : null;
  const get = (p: string) => async () => {
    const res = await fetch(`${raw.url}${p}`);
    const body = (await res.json()) as { errors?: unknown[] };
    return res.ok && !body.errors;
  };
  // a commune that can receive dossiers of a bench procedure, with an OFFICER token, for the writes
  const c2 = new pg.Client({ connectionString: databaseUrl });
  await c2.connect();
  const procedure = (await c2.query(`SELECT id, code FROM procedure WHERE code = 'B.000001'`)).rows[0] as {
    id: string;
    code: string;
  };
  await c2.query(`INSERT INTO procedure_agency (procedure_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
    procedure.id,
    agency.id,
  ]);
  await c2.end();
  const officer = await signToken(config.jwt, { sub: 'bench-officer', role: 'OFFICER', agency: agency.code }, '2h');
  const asOfficer = graphql(hub.url, { authorization: `Bearer ${officer}` });
  // one month, Vietnam time: the month before this one
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const monthEnd = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const vnStart = (d: Date) => new Date(`${day(d)}T00:00:00+07:00`);

  // the same work on each side: the same rows, relations and order
  const work: Array<{ name: string } & Partial<Record<Side, () => Promise<boolean>>>> = [
    {
      name: 'dossiers',
      hub: hubQuery(
        `{ dossiers(first: 50) { edges { node { code status receivedAt procedure { code name } receivingAgency { code name } payments { amount status } } } } }`,
        {},
      ),
      postgraphile: pglQuery?.(
        `{ allDossiers(first: 50, orderBy: [RECEIVED_AT_DESC, ROW_ID_DESC]) { nodes { code status receivedAt procedure: procedureByProcedureId { code name } receivingAgency { code name } payments(orderBy: CREATED_AT_ASC) { nodes { amount status } } } } }`,
        {},
      ),
      raw: get('/dossiers?first=50'),
    },
    {
      name: 'inbox',
      hub: hubQuery(
        `query($a: String!) { inbox(agencyCode: $a, first: 25) { edges { node { status document { subject sender { code } attachments { name } } } } } }`,
        { a: agency.code },
      ),
      postgraphile: pglQuery?.(
        `query($a: UUID!) { allDeliveries(first: 25, condition: { recipientId: $a }, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { status document: documentByDocumentId { subject sender: agencyBySenderId { code } attachments: attachmentsByDocumentId(orderBy: POSITION_ASC) { nodes { name } } } } } }`,
        { a: agency.id },
      ),
      raw: get(`/inbox?first=25&agency=${encodeURIComponent(agency.code)}`),
    },
    {
      name: 'kpiReport (a month)',
      hub: hubQuery(`query($f: Date!, $t: Date!) { kpiReport(from: $f, to: $t) { rows { level received } } }`, {
        f: day(month),
        t: day(monthEnd),
      }),
      raw: get(
        `/kpi?from=${vnStart(month).toISOString()}&to=${new Date(vnStart(monthEnd).getTime() + 86_400_000).toISOString()}`,
      ),
    },
    {
      name: 'submitDossier',
      hub: asOfficer(`mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`, {
        input: {
          procedureCode: procedure.code,
          channel: 'ONLINE',
          applicant: { type: 'CITIZEN', name: 'Nguyễn Văn A', phone: '0912345678' },
        },
      }),
      raw: get(`/submit?agency=${agency.id}&procedure=${procedure.id}`),
    },
  ];
  if (args.only) work.splice(0, work.length, ...work.filter((w) => w.name.startsWith(args.only!)));
  const sidesOf = (w: (typeof work)[number]) => (['hub', 'postgraphile', 'raw'] as const).filter((side) => w[side]);
  // every side answers before anything is timed (and warms its caches)
  for (const w of work) {
    for (const side of sidesOf(w)) if (!(await w[side]!())) throw new Error(`${w.name}: ${side} answered with errors`);
    await Promise.all(Array.from({ length: 5 }, () => Promise.all(sidesOf(w).map((side) => w[side]!()))));
  }

  say(
    `\nat ${DOSSIERS} dossiers · ${os.cpus().length} cores · ${ROUNDS} rounds of ${SECONDS} s · concurrency ${CONCURRENCY} · hub on Node ${execFileSync(hubNode, ['--version']).toString().trim()} · ${new Date().toISOString()}`,
  );
  say(
    '| round | work | order | hub rps | PostGraphile rps | raw rps | hub / PostGraphile | hub / raw | hub p50 / p95 ms | hub CPU ms / request | hub RSS MB | PostGraphile RSS MB | errors | load (1 min) |',
  );
  say(`|${'---|'.repeat(14)}`);
  const ratios = new Map<string, { pgl: number[]; raw: number[]; p50: number[] }>();
  const fmt = (x: number | undefined, digits = 1) => (x === undefined ? '—' : x.toFixed(digits));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const w of work) {
      // rotate who goes first, so that no side always runs on the warmer (or busier) machine
      const sides = sidesOf(w);
      const order = sides.map((_, i) => sides[(i + round - 1) % sides.length]!);
      const m: Partial<Record<Side, Measure>> = {};
      for (const side of order) {
        const before = side === 'hub' ? cpuMs(hub.child.pid!) : 0;
        m[side] = await load(w[side]!);
        if (side === 'hub') m.hub!.cpuPerRequest = (cpuMs(hub.child.pid!) - before) / (m.hub!.rps * SECONDS);
      }
      const r = ratios.get(w.name) ?? { pgl: [], raw: [], p50: [] };
      ratios.set(w.name, r);
      r.p50.push(m.hub!.p50);
      r.raw.push(m.hub!.rps / m.raw!.rps);
      if (m.postgraphile) r.pgl.push(m.hub!.rps / m.postgraphile.rps);
      const errors = Object.values(m).reduce((n, x) => n + x.errors, 0);
      say(
        `| ${round} | ${w.name} | ${order.join(', ')} | ${fmt(m.hub!.rps)} | ${fmt(m.postgraphile?.rps)} | ${fmt(m.raw!.rps)} | ${m.postgraphile ? fmt(r.pgl.at(-1), 2) : '—'} | ${fmt(r.raw.at(-1), 2)} | ${m.hub!.p50.toFixed(0)} / ${m.hub!.p95.toFixed(0)} | ${fmt(m.hub!.cpuPerRequest)} | ${rssMb(hub.child.pid!)} | ${pgl ? rssMb(pgl.child.pid!) : '—'} | ${errors} | ${os.loadavg()[0]!.toFixed(2)} |`,
      );
    }
  }
  say('\n| work | hub / PostGraphile | hub / raw | (medians of the rounds)');
  say('|---|---|---|');
  for (const [name, r] of ratios)
    say(`| ${name} | ${r.pgl.length ? median(r.pgl).toFixed(2) : '—'} | ${median(r.raw).toFixed(2)} |`);
  const exited = new Promise((resolve) => hub.child.once('exit', resolve));
  hub.child.kill('SIGTERM');
  await raw.close();
  await pgl?.close();
  await exited; // a profile is written as the process exits
  await forgetWrites(databaseUrl);
  return new Map(
    [...ratios].map(([name, r]) => [
      name,
      { p50: median(r.p50), pgl: r.pgl.length ? median(r.pgl) : null, raw: median(r.raw) },
    ]),
  );
}

/** The worker path on the smallest scale's database (its size does not matter to a sync job). */
async function workers(): Promise<void> {
  const { url: databaseUrl } = await prepareDataset(SERVER, SCALES[0]!, say);
  await forgetWrites(databaseUrl);
  const children: ChildProcess[] = [];
  process.once('exit', () => children.filter((c) => !c.killed).forEach((c) => c.kill('SIGTERM')));
  const ratio = await workerPath({
    databaseUrl,
    redisUrl: REDIS,
    execPath: args['hub-node'] === 'current' ? process.execPath : node24(say),
    jobs: Number(args.jobs),
    profileDir: args.profile,
    rounds: ROUNDS,
    say,
    children,
  });
  say(`\n| work | hub / bare BullMQ worker | (median of the rounds)\n|---|---|\n| portal sync | ${ratio.toFixed(2)} |`);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));
  const summaries: Array<[number, Summary]> = [];
  if (args.only !== 'workers') for (const scale of SCALES) summaries.push([scale, await atScale(scale)]);
  if (!args.only || args.only === 'workers') await workers();
  if (summaries.length < 2) return;
  // growth: the hub's latency at each scale against the smallest (a single-request cost, under the same load)
  const [first] = summaries[0]!;
  say(`
growth: hub p50 latency (ms) and ratios at each scale; the last column: largest / ${first}`);
  say(
    `| work | ${summaries.map(([n]) => `${n}: p50 · ×PostGraphile · ×raw`).join(' | ')} | p50 ${summaries.at(-1)![0]} / ${first} |`,
  );
  say(`|---|${summaries.map(() => '---|').join('')}---|`);
  for (const name of summaries[0]![1].keys()) {
    const cells = summaries.map(([, s]) => {
      const x = s.get(name)!;
      return `${x.p50.toFixed(0)} · ${x.pgl === null ? '—' : x.pgl.toFixed(2)} · ${x.raw.toFixed(2)}`;
    });
    const growth = summaries.at(-1)![1].get(name)!.p50 / summaries[0]![1].get(name)!.p50;
    say(`| ${name} | ${cells.join(' | ')} | ${growth.toFixed(2)} |`);
  }
}

await main();
