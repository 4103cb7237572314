/**
 * What the national doubles share: the store of what they received, injected faults, and the
 * record of contract violations (refused) and flags (accepted, but not vouched for by the
 * contracts document). Every handler answers through `serve`, which applies the faults around it.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type express from 'express';
import type { Problem } from './contract/validator.js';

export interface Fault {
  /** added to every answer */
  latencyMs?: number;
  /** share of calls answered with HTTP 503 (0..1) */
  failRate?: number;
  /** every n-th call of the service answered with HTTP 503 (2: one call in two, never two in a row) */
  failEvery?: number;
  /** never answer (the caller times out); nothing is applied */
  timeout?: boolean;
  /** refuse the data with this message (the system's own error form) */
  refuse?: string;
  /** apply the call, then drop the connection: the answer is lost */
  loseAnswer?: boolean;
  /** deliver the same message this many times (payment callbacks: the gateway calling back again) */
  repeat?: number;
}

/** @public what the double received (read through the sandbox server's store) */
export interface Received {
  at: string;
  service: string;
  shape: 'direct' | 'proxy' | 'sdk';
  /** the URL path it came to (the proxy has one per operation) */
  path?: string;
  body: unknown;
}

/** @public a contract violation the double noted */
export interface Finding extends Problem {
  at: string;
  system: 'portal' | 'payment' | 'paygov' | 'axis' | 'sms';
  service: string;
}

export interface AxisItem {
  id: string;
  messagetype: 'edoc' | 'status';
  package: string;
  /** inbox items: new until acknowledged done or fail (processing keeps them listed) */
  status: 'new' | 'processing' | 'done' | 'fail';
  /** sent items: what identifies the message for deduplication */
  key?: string;
}

interface LedgerEntry {
  MaThamChieu: string;
  MaGiaoDich: string;
  SoTien: string;
  TrangThai: string;
  Ngay: string;
}

export interface SandboxStore {
  /** every call that passed authentication and faults, in order */
  received: Received[];
  /** calls refused because they break the contract */
  violations: Finding[];
  /** calls accepted although something in them is not vouched for by the contract */
  flags: Finding[];
  /** the portal's current view of each dossier (MaHoSo -> the last item accepted) */
  dossiers: Map<string, Record<string, unknown>>;
  /** progress steps, each kept once */
  steps: Array<Record<string, unknown>>;
  /** identical steps received again */
  repeatedSteps: number;
  /** transactions started on the platform, by MaThamChieu */
  payments: Map<string, Record<string, unknown>>;
  /** orders started on PayGov, by orderId */
  paygov: Map<string, Record<string, unknown>>;
  /** the platform's record of settled transactions */
  ledger: LedgerEntry[];
  /** `repeated`: messages sent again and delivered once */
  axis: { sent: AxisItem[]; inbox: AxisItem[]; repeated: number };
  /** messages the SMS gateway accepted (sms.double.ts) */
  sms: Array<Record<string, string>>;
}

export const newSandboxStore = (): SandboxStore => ({
  received: [],
  violations: [],
  flags: [],
  dossiers: new Map(),
  steps: [],
  repeatedSteps: 0,
  payments: new Map(),
  paygov: new Map(),
  ledger: [],
  axis: { sent: [], inbox: [], repeated: 0 },
  sms: [],
});

export type Answer = { status?: number; json?: unknown; text?: string };

export interface Double {
  store: SandboxStore;
  faults: Record<string, Fault>;
  /** responses held open by a `timeout` fault */
  pending: Set<http.ServerResponse>;
  /** calls per service, for `failEvery` */
  calls: Map<string, number>;
  roll(): number;
  baseUrl(): string;
  hubUrl(): string | undefined;
  onReceive?: (r: Received, count: number) => void;
  newId(): string;
  violation(system: Finding['system'], service: string, problems: Problem[]): void;
  flag(system: Finding['system'], service: string, problems: Problem[]): void;
  /** answer a call: faults before (latency, timeout, failure, refusal) and after (lost answer) */
  serve(
    service: string,
    res: express.Response,
    refusal: (message: string) => Answer,
    handle: () => Promise<Answer> | Answer,
  ): Promise<void>;
  received(service: string, shape: Received['shape'], body: unknown, path?: string): void;
}

export function createDouble(
  store: SandboxStore,
  seed: number,
  onReceive?: Double['onReceive'],
): Double & { setBase(u: string): void; setHub(u: string): void } {
  let rolls = seed;
  let base = '';
  let hub: string | undefined;
  const d: Double & { setBase(u: string): void; setHub(u: string): void } = {
    store,
    faults: {},
    pending: new Set(),
    calls: new Map(),
    onReceive,
    // a small deterministic generator: the same fault rate fails the same calls every run
    roll: () => {
      rolls = (rolls * 1103515245 + 12345) % 2147483648;
      return rolls / 2147483648;
    },
    baseUrl: () => base,
    hubUrl: () => hub,
    setBase: (u) => void (base = u),
    setHub: (u) => void (hub = u.replace(/\/$/, '')),
    newId: () => randomBytes(8).toString('hex'),
    violation: (system, service, problems) =>
      void store.violations.push(...problems.map((p) => ({ ...p, at: new Date().toISOString(), system, service }))),
    flag: (system, service, problems) =>
      void store.flags.push(...problems.map((p) => ({ ...p, at: new Date().toISOString(), system, service }))),
    received(service, shape, body, path) {
      store.received.push({ at: new Date().toISOString(), service, shape, path, body });
      d.onReceive?.(store.received.at(-1)!, store.received.length);
    },
    async serve(service, res, refusal, handle) {
      const f = d.faults[service] ?? {};
      if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f.timeout) return void d.pending.add(res);
      if (f.failRate && d.roll() < f.failRate)
        return void res.status(503).json({ error_code: '503', message: 'sandbox: injected failure' });
      if (f.failEvery) {
        const n = (d.calls.get(service) ?? 0) + 1;
        d.calls.set(service, n);
        if (n % f.failEvery === 0)
          return void res.status(503).json({ error_code: '503', message: 'sandbox: injected failure' });
      }
      const answer = f.refuse ? refusal(f.refuse) : await handle();
      if (f.loseAnswer) return void res.socket?.destroy();
      res.status(answer.status ?? 200);
      if (answer.text !== undefined) res.type('text/plain; charset=utf-8').send(answer.text);
      else res.json(answer.json);
    },
  };
  return d;
}
