/** The hub's production API in its own process, for the benchmark: throwaway secrets, a self-signed edXML key. */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HubOptions {
  databaseUrl: string;
  redisUrl: string;
  /** the Node binary it runs on */
  execPath: string;
  /** write a V8 CPU profile into this folder as it exits */
  profileDir?: string;
  /** cap its old-space heap (MB) */
  heapMb?: number;
}

export async function startHub(o: HubOptions): Promise<{ url: string; env: NodeJS.ProcessEnv; child: ChildProcess }> {
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
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
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
  const child = fork(path.resolve('dist/src/cli/api.js'), [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execPath: o.execPath,
    execArgv: [
      ...(o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(o.profileDir)] : []),
      ...(o.heapMb ? [`--max-old-space-size=${o.heapMb}`] : []),
    ],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the hub exited with ${code} before it listened`)));
    child.on('message', (m: { ready?: string }) => m.ready && resolve(m.ready));
  });
  child.removeAllListeners('exit');
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { url, env, child };
}

/** A process's resident memory now, in MB (Linux: /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb ?? 0) / 1024);
}

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
