/**
 * A private `redis-server` from PATH, on a free port, with its append-only file under
 * DATA_DIR/redis. Used by `npm start` when REDIS_URL is unset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../common/logger.js';
import { freePort } from './free-port.js';

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

export class RedisBinaryMissing extends Error {}

export async function startEmbeddedRedis(dataDir: string, log: Logger, fixedPort?: number): Promise<EmbeddedRedis> {
  const dir = path.resolve(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const port = fixedPort ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--save',
    '',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ];
  // detached: Ctrl-C must not reach Redis before the workers have stopped using it.
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new RedisBinaryMissing('redis-server is not on PATH') : err),
    );
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited with code ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
  child.stdout!.resume();
  child.stderr!.resume();
  log.info({ port, dir }, 'embedded Redis started');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM'); // Redis flushes its append-only file and exits
      }),
  };
}
