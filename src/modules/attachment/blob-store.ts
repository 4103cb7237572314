/**
 * Attachment bytes, content-addressed by SHA-256: identical files are stored once. The default
 * store is the local disk; another (object storage) only has to implement `BlobStore`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Store bytes (idempotent: the same bytes give the same sha256 and are kept once). */
  put(bytes: Buffer): Promise<StoredBlob>;
  /** Size of a stored blob, or null when it is not there. */
  stat(sha256: string): Promise<StoredBlob | null>;
  read(sha256: string): Readable;
}

const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export class LocalDiskBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private file(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes);
    const target = this.file(sha256);
    const existing = await this.stat(sha256);
    if (existing) return existing;
    await mkdir(path.dirname(target), { recursive: true });
    // write then rename: a reader never sees a half-written file, and concurrent writers agree
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o640 });
    await rename(tmp, target);
    return { sha256, size: bytes.length };
  }

  async stat(sha256: string): Promise<StoredBlob | null> {
    try {
      const s = await stat(this.file(sha256));
      return { sha256, size: s.size };
    } catch {
      return null;
    }
  }

  read(sha256: string): Readable {
    return createReadStream(this.file(sha256));
  }
}
