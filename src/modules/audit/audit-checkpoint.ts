/**
 * Checkpoints of the audit chain's head, kept outside PostgreSQL: someone who can change the
 * database cannot change them, so a chain shortened or rewritten since the last checkpoint no
 * longer matches it. Each checkpoint is signed (HMAC with a key derived from AUDIT_KEY, distinct
 * from the chain's key) and names its chain (the database), so that a checkpoint edited, forged or
 * copied from another deployment is reported, not trusted. The default store is a local directory;
 * another (object storage with a retention lock, a remote log) only has to implement
 * `AuditCheckpointStore`. Checkpoints hold positions and hashes only, never personal data.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/config.js';

/** The head of the chain at one moment. */
export interface AuditCheckpoint {
  /** the newest row then */
  seq: bigint;
  hash: string;
  /** when the checkpoint was taken */
  at: Date;
  /** rows in the chain then (all verified) */
  rows: number;
  /** the first row hashed with the key (null: none yet); a chain rehashed without the key moves it */
  keyedFrom: bigint | null;
}

/** A checkpoint as stored: JSON, signed, naming its chain. */
export interface SignedCheckpoint {
  v: 1;
  chain: string;
  seq: string;
  hash: string;
  at: string;
  rows: number;
  keyedFrom: string | null;
  sig: string;
}

export interface AuditCheckpointStore {
  /** The chain whose checkpoints this store keeps (part of what is signed). */
  readonly chain: string;
  /** Keep a checkpoint; never replaces one already kept. */
  put(checkpoint: SignedCheckpoint): Promise<void>;
  /** The newest checkpoint as stored, unverified (the caller checks it), and where it was found; null when there is none. */
  latest(): Promise<{ id: string; content: unknown } | null>;
}

const CHECKPOINT_KEY_LABEL = 'lien-thong-hub audit checkpoint v1';
const SIGNED_FIELDS = (c: Omit<SignedCheckpoint, 'sig'>) =>
  JSON.stringify([c.v, c.chain, c.seq, c.hash, c.at, c.rows, c.keyedFrom]);

/** The signing key of checkpoints: derived from the chain's key, never equal to it. */
const checkpointKey = (auditKey: string) => createHmac('sha256', auditKey).update(CHECKPOINT_KEY_LABEL).digest();

export function signCheckpoint(auditKey: string, chain: string, c: AuditCheckpoint): SignedCheckpoint {
  const body = {
    v: 1 as const,
    chain,
    seq: c.seq.toString(),
    hash: c.hash,
    at: c.at.toISOString(),
    rows: c.rows,
    keyedFrom: c.keyedFrom?.toString() ?? null,
  };
  return { ...body, sig: createHmac('sha256', checkpointKey(auditKey)).update(SIGNED_FIELDS(body)).digest('hex') };
}

/** The checkpoint if its shape, chain and signature hold; otherwise why not. */
export function openCheckpoint(
  auditKey: string,
  chain: string,
  content: unknown,
): { checkpoint: AuditCheckpoint } | { invalid: string } {
  const c = content as Partial<SignedCheckpoint> | null;
  const shaped =
    !!c &&
    typeof c === 'object' &&
    c.v === 1 &&
    typeof c.chain === 'string' &&
    typeof c.seq === 'string' &&
    /^\d{1,19}$/.test(c.seq) &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.at === 'string' &&
    !Number.isNaN(Date.parse(c.at)) &&
    Number.isSafeInteger(c.rows) &&
    (c.keyedFrom === null || (typeof c.keyedFrom === 'string' && /^\d{1,19}$/.test(c.keyedFrom))) &&
    typeof c.sig === 'string' &&
    /^[0-9a-f]{64}$/.test(c.sig);
  if (!shaped) return { invalid: 'is not a checkpoint' };
  const s = c as SignedCheckpoint;
  const expected = createHmac('sha256', checkpointKey(auditKey)).update(SIGNED_FIELDS(s)).digest();
  if (!timingSafeEqual(expected, Buffer.from(s.sig, 'hex'))) return { invalid: 'has a signature that does not verify' };
  if (s.chain !== chain) return { invalid: `belongs to another chain (${s.chain.slice(0, 64)})` };
  return {
    checkpoint: {
      seq: BigInt(s.seq),
      hash: s.hash,
      at: new Date(s.at),
      rows: s.rows,
      keyedFrom: s.keyedFrom === null ? null : BigInt(s.keyedFrom),
    },
  };
}

const MONTH = /^\d{4}-\d{2}$/;
const FILE = /^\d{20}\.json$/;

/**
 * `<dir>/<yyyy-mm>/<seq, 20 digits>.json`, mode 0600 in directories of mode 0700. A checkpoint is
 * written to a temporary file, synced, then linked to its name (which fails if the name exists:
 * nothing is ever overwritten) and the temporary name removed. The newest is the highest seq of
 * the latest month.
 */
class LocalDirCheckpointStore implements AuditCheckpointStore {
  constructor(
    private readonly dir: string,
    readonly chain: string,
  ) {}

  async put(c: SignedCheckpoint): Promise<void> {
    const monthDir = path.join(this.dir, c.at.slice(0, 7));
    await mkdir(monthDir, { recursive: true, mode: 0o700 });
    const target = path.join(monthDir, `${c.seq.padStart(20, '0')}.json`);
    const tmp = path.join(monthDir, `.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(c)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await link(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // another worker checkpointed the same head: fine; anything else kept under that name stays
      const existing = JSON.parse(await readFile(target, 'utf8')) as Partial<SignedCheckpoint>;
      if (existing.seq !== c.seq || existing.hash !== c.hash)
        throw new Error(`a different checkpoint of row ${c.seq} is already kept: not replaced`, { cause: err });
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async latest(): Promise<{ id: string; content: unknown } | null> {
    const months = (await readdir(this.dir).catch(() => [] as string[]))
      .filter((m) => MONTH.test(m))
      .sort()
      .reverse();
    for (const month of months) {
      const files = (await readdir(path.join(this.dir, month))).filter((f) => FILE.test(f)).sort();
      const newest = files.at(-1);
      if (!newest) continue;
      const id = `${month}/${newest}`;
      const text = await readFile(path.join(this.dir, month, newest), 'utf8');
      try {
        return { id, content: JSON.parse(text) as unknown };
      } catch {
        return { id, content: null };
      }
    }
    return null;
  }
}

/**
 * The chain's name: its database, as the configuration names it (an attacker inside PostgreSQL
 * cannot change it), so that checkpoints of two databases never mix under one directory.
 */
export function auditChainName(config: Pick<Config, 'databaseUrl'>): string {
  let name = 'default';
  try {
    if (config.databaseUrl) name = decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) || name;
  } catch {
    // not a URL: the default name
  }
  return name
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
}

/** The store of this deployment's checkpoints (AUDIT_CHECKPOINT_DIR, one subdirectory per chain). */
export function auditCheckpointStore(config: Pick<Config, 'audit' | 'databaseUrl'>): AuditCheckpointStore {
  const chain = auditChainName(config);
  return new LocalDirCheckpointStore(path.join(config.audit.checkpointDir, chain), chain);
}
