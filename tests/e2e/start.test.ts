/**
 * `npm start` as a user runs it (the built entry point, after `npm run build`): embedded PostgreSQL,
 * a private redis-server, migrations, seed, API and workers; answers `agencies`; Ctrl-C stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_URL } from '../support/infra.js';
import { until } from '../support/national.js';

const ENTRY = path.resolve('dist/src/cli/start.js');
const dataDirs: string[] = [];
afterAll(async () => {
  for (const d of dataDirs) await rm(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  token: string;
  logs: Array<Record<string, any>>;
  exit: Promise<number | null>;
  /** what it printed so far */
  printed(): string;
}

/** A base environment without the variables that would bypass the embedded defaults. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, REDIS_URL: _r, JWT_SECRET: _j, NODE_ENV: _n, ...rest } = process.env;
  return { ...rest, PORT: '0', LOG_LEVEL: 'info', ...extra };
}

function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Array<Record<string, any>> = [];
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (c) => (out += c));
    let partial = ''; // a chunk may end in the middle of a line
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line));
      const url = /running: (http:\/\/\S+\/graphql)/.exec(out)?.[1];
      const token = /valid 12 hours\):\n(\S+)/.exec(out)?.[1];
      if (url && token) resolve({ child, url, token, logs, exit, printed: () => out });
    });
    void exit.then((code) => reject(new Error(`start exited with ${code} before it was ready:\n${out}`)));
  });
}

/** Every process below `pid` now (by their parents in /proc), `pid` itself included. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // (gone meanwhile)
    }
  }
  const found = [pid];
  for (let i = 0; i < found.length; i++) for (const [p, parent] of parents) if (parent === found[i]) found.push(p);
  return found;
}
const alive = (pid: number) => {
  try {
    // a zombie is gone for the purpose (its parent has not reaped it yet)
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const commandOf = (pid: number) => {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`;
  } catch {
    return String(pid);
  }
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function gql(s: Started, query: string, auth = `Bearer ${s.token}`) {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as any;
}

describe('npm start on embedded defaults', () => {
  it('starts everything, answers agencies, stops cleanly on Ctrl-C, and keeps its data for the next start', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lth-start-'));
    dataDirs.push(dataDir);
    await chmod(dataDir, 0o755); // as a checkout folder would be (mkdtemp makes it private)

    const first = await start(baseEnv({ DATA_DIR: dataDir }));
    const ports = ['embedded PostgreSQL started', 'embedded Redis started'].map(
      (msg) => first.logs.find((l) => l.msg === msg)?.port as number,
    );
    expect(ports.every((p) => p > 0)).toBe(true);
    // (the workers' log line and their 'ready' message travel apart: the line may come just after)
    await until(async () => first.logs.some((l) => l.msg === 'workers started'), 'the workers logged their start');
    // what the helper commands need, printed
    expect(first.printed()).toContain(`Database: postgresql://`);
    expect(first.printed()).toContain(`:${ports[0]}/`);
    expect(first.printed()).toContain(`Redis: redis://127.0.0.1:${ports[1]}`);

    const agencies = await gql(
      first,
      '{ agencies(first: 3, level: MINISTRY) { totalCount edges { node { code name } } } }',
    );
    expect(agencies.data.agencies.totalCount).toBe(3);
    expect(agencies.data.agencies.edges[0].node).toEqual({ code: '000.00.00.G12', name: 'Bộ Tài chính' });
    const issued = await gql(
      first,
      'mutation { issueApiKey(input: { agencyCode: "000.00.51.H24", name: "kept across restarts" }) { secret } }',
    );
    const apiKey = issued.data.issueApiKey.secret as string;

    // the README's tour, as written, against this fresh start (its tokens signed with the start's secret)
    const tour = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['examples/tour.mjs', first.url], {
        env: baseEnv({ DATA_DIR: dataDir }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (c) => (out += c));
      child.stderr!.on('data', (c) => (out += c));
      child.once('close', (code) => resolve({ code, out }));
    });
    expect(tour.code, tour.out).toBe(0);
    expect(tour.out).toContain('The tour is complete.');

    // still whole: the workers did not leave once the hub said it was ready
    expect(first.logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    for (const port of ports) expect(await portOpen(port)).toBe(false);
    expect(first.logs.at(-1)?.msg).toBe('stopped');

    const second = await start(baseEnv({ DATA_DIR: dataDir }));
    try {
      // the key issued before the restart, and the first run's development token, still work
      const me = await gql(second, '{ me { kind agency { code } } }', `ApiKey ${apiKey}`);
      expect(me.data.me).toEqual({ kind: 'apiKey', agency: { code: '000.00.51.H24' } });
      expect((await gql(second, '{ me { role } }', `Bearer ${first.token}`)).data.me.role).toBe('ADMIN');
      expect(second.logs.find((l) => l.msg === 'database schema is up to date')).toBeTruthy();
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exit).toBe(0);
    }
  }, 120_000);

  it('stops every process it started when npm itself gets SIGTERM, SIGINT or SIGHUP (a supervisor, an IDE)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lth-start-'));
    dataDirs.push(dataDir);
    // npm as the user runs it (under `npm test`, the same npm)
    const npm = process.env['npm_execpath'];
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      const child = spawn(npm ? process.execPath : 'npm', [...(npm ? [npm] : []), 'start', '--silent'], {
        env: baseEnv({ DATA_DIR: dataDir }),
        stdio: ['ignore', 'pipe', 'pipe'],
        // its own process group: the signal goes to npm alone, as a supervisor's kill(pid) does
        detached: true,
      });
      let out = '';
      child.stdout!.on('data', (c) => (out += c));
      child.stderr!.on('data', (c) => (out += c));
      const exit = new Promise((resolve) => child.once('close', resolve));
      await until(async () => /Press Ctrl-C to stop/.test(out), `npm start ready (${out.slice(-2000)})`, 90_000);
      const started = descendants(child.pid!);
      // npm, its shell if any, the hub, the workers, PostgreSQL and Redis
      expect(started.length, JSON.stringify(started)).toBeGreaterThanOrEqual(4);
      child.kill(signal);
      await exit;
      await until(async () => started.every((pid) => !alive(pid)), `every process gone after ${signal}`, 30_000).catch(
        (e: Error) => {
          for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
          throw new Error(`${e.message}: left ${started.filter(alive).map(commandOf).join(', ')}`);
        },
      );
    }
  }, 400_000);

  it('says in one sentence what to install when redis-server is missing', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lth-start-'));
    dataDirs.push(dataDir);
    const child = spawn(process.execPath, [ENTRY], {
      env: { ...baseEnv({ DATA_DIR: dataDir, DATABASE_URL: SERVER_URL }), PATH: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(78);
    expect(err.trim()).toBe(
      'Redis is needed: install redis-server (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL.',
    );
  });

  it('refuses bad configuration with one error listing every bad variable', async () => {
    const child = spawn(process.execPath, [ENTRY], {
      env: baseEnv({ PORT: 'eighty', GRAPHQL_MAX_DEPTH: '1', REDIS_URL: 'http://x' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    expect(await new Promise((resolve) => child.once('close', resolve))).toBe(78);
    expect(err).toMatch(/^Invalid configuration: /);
    for (const v of ['PORT', 'GRAPHQL_MAX_DEPTH', 'REDIS_URL']) expect(err).toContain(v);
  });
});
