/**
 * The audit chain's hashes: HMAC-SHA256 under AUDIT_KEY (the key, kept outside the database, is
 * set once per process by `configureAudit`) over every column but the hash, in a fixed order.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { AuditRow } from './audit.repository.js';

let chainKey: string | undefined;

/**
 * Set the chain's key for this process (AUDIT_KEY): called where the API and the workers start.
 * A process that did not (a command-line tool) reads it from its environment on first use.
 */
export function configureAudit(config: Pick<Config, 'audit'>): void {
  if (config.audit.key.length < 32) throw new Error('AUDIT_KEY must be at least 32 characters');
  chainKey = config.audit.key;
}

export function auditKey(): string {
  if (chainKey === undefined)
    throw new Error('The audit chain has no key: call configureAudit(config) where the process starts');
  return chainKey;
}

/** Every column but the hash, in a fixed order. */
function canonicalOf(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([
    row.seq.toString(),
    row.at.toISOString(),
    row.actorType,
    row.actorId,
    row.role,
    row.agencyCode,
    row.operation,
    row.targetIds,
    row.requestId,
    row.outcome,
    row.errorCode,
    row.prevHash,
  ]);
}

/** The hash of a new row: HMAC-SHA256 under the chain's key. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  return createHmac('sha256', auditKey()).update(canonicalOf(row)).digest('hex');
}

/** How a stored row's hash was made: with the key, plain SHA-256 (rows older than the key), or neither (altered). */
export function hashKind(row: AuditRow): 'keyed' | 'plain' | null {
  const { hash, ...rest } = row;
  const canonical = canonicalOf(rest);
  if (createHmac('sha256', auditKey()).update(canonical).digest('hex') === hash) return 'keyed';
  if (createHash('sha256').update(canonical).digest('hex') === hash) return 'plain';
  return null;
}
