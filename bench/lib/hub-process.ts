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

/** Throwaway secrets and folders for one run's hub processes (production mode: nothing defaulted). */
function benchEnv(o: { databaseUrl: string; redisUrl: string }): { env: NodeJS.ProcessEnv; dir: string } {
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
  return { env, dir };
}

/** A built script in its own process on `execPath`, once it says it is ready on IPC (the API says where it listens). */
export async function forkReady(
  script: string,
  env: NodeJS.ProcessEnv,
  execPath: string,
  execArgv: string[] = [],
): Promise<{ child: ChildProcess; ready: unknown }> {
  const child = fork(path.resolve(script), [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execPath,
    execArgv,
  });
  const ready = await new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.on('message', (m: unknown) => (m === 'ready' || (m as { ready?: string })?.ready ? resolve(m) : undefined));
  });
  child.removeAllListeners('exit');
  return { child, ready };
}

export async function startHub(o: HubOptions): Promise<{ url: string; env: NodeJS.ProcessEnv; child: ChildProcess }> {
  const { env, dir } = benchEnv(o);
  const { child, ready } = await forkReady('dist/src/cli/api.js', env, o.execPath, [
    ...(o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(o.profileDir)] : []),
    ...(o.heapMb ? [`--max-old-space-size=${o.heapMb}`] : []),
  ]);
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { url: (ready as { ready: string }).ready, env, child };
}

/** The hub's production workers (`start:workers`) in their own process, with `extra` settings (the portal's address, say). */
export async function startHubWorkers(
  o: HubOptions & { extra: NodeJS.ProcessEnv },
): Promise<{ env: NodeJS.ProcessEnv; child: ChildProcess }> {
  const { env: base, dir } = benchEnv(o);
  const env = { ...base, DAILY_JOBS: 'false', ...o.extra };
  const { child } = await forkReady('dist/workers/main.js', env, o.execPath, [
    ...(o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(o.profileDir)] : []),
  ]);
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { env, child };
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
