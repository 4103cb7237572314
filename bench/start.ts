/**
 * How long `npm start` takes to be ready (a benchmark, not a test): from launching `npm start` to
 * its "Press Ctrl-C to stop" line (API listening, workers' queues listening), on a new data
 * directory (cold: PostgreSQL's initdb, every migration, the seed) and then again on the same one
 * (warm: nothing to build, migrate or create), stopping it with SIGINT in between. The first row
 * also pays for whatever the build has to do.
 *
 * Usage: npm run bench:start [-- --warm 5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { warm: { type: 'string', default: '5' } } });
const say = (line: string) => process.stdout.write(`${line}\n`);

/** One start: ms until ready, then SIGINT and wait for every child to be gone (npm exits last). */
async function once(dataDir: string): Promise<number> {
  const { DATABASE_URL: _d, REDIS_URL: _r, NODE_ENV: _n, ...env } = process.env;
  const t = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise((resolve) => child.once('close', resolve));
  const ms = await new Promise<number>((resolve, reject) => {
    const seen = (c: Buffer) => {
      out += c;
      if (out.includes('Press Ctrl-C to stop')) resolve(performance.now() - t);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (c) => (out += c));
    void exited.then(() => reject(new Error(`npm start ended before it was ready:\n${out}`)));
  });
  child.kill('SIGINT');
  await exited;
  return ms;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lth-bench-start-'));
try {
  say(
    `npm start until ready · ${os.cpus().length} cores · load ${os.loadavg()[0]!.toFixed(2)} · ${new Date().toISOString()}`,
  );
  say('| start | ready after (s) |');
  say('|---|---|');
  say(`| cold (new data directory) | ${((await once(dataDir)) / 1000).toFixed(1)} |`);
  const warm: number[] = [];
  for (let i = 0; i < Number(args.warm); i++) {
    warm.push(await once(dataDir));
    say(`| warm ${i + 1} | ${(warm.at(-1)! / 1000).toFixed(1)} |`);
  }
  warm.sort((a, b) => a - b);
  say(`| warm, median | ${(warm[Math.floor(warm.length / 2)]! / 1000).toFixed(1)} |`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
