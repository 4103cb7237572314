/**
 * The National Public Service Portal in either deployment shape of the contracts document:
 * - `direct`: log in for a session (§1), then POST `{session, madonvi, service, ...}` to one
 *   endpoint. `isUpdating` is decided as OpenCPS does: TraCuuHoSo first (§2.1).
 * - `proxy`: a provincial LGSP with one URL per operation, bare arrays, a bearer token, answers
 *   sometimes wrapped in `message` (§2.1, §3, §5). `isUpdating` as TD decides it: insert, and on
 *   "đã tồn tại" resend on the update URL (§2.7).
 * A session is kept PORTAL_SESSION_TTL_MS; since the code of an expired session is [open], a data
 * call refused on a session that was not fresh is tried once more with a new one.
 */
import type { Config } from '../../config/config.js';
import { PORTAL_CHOICES } from '../../config/national.js';
import { UpstreamRefusedError, UpstreamTransientError, errorCodeOf, httpCall, isSuccessCode, jsonOf } from '../http.js';

export type PortalConfig = Config['portal'] & { url: string };
type Item = Record<string, unknown>;

export interface PortalClient {
  readonly shape: 'direct' | 'proxy';
  /** DongBoHoSoMC; 'exists' when an insert is answered "đã tồn tại" */
  syncDossier(item: Item, updating: boolean): Promise<'accepted' | 'exists'>;
  /** TraCuuHoSo: whether the portal holds the dossier */
  dossierExists(code: string): Promise<boolean>;
  /** CapNhatTienDoHoSoMC */
  progress(steps: Item[]): Promise<void>;
  /** LayThuTuc: the procedure, or null when the portal has none with this code */
  procedure(code: string): Promise<Item | null>;
  /** LayDanhSachTTHC: every procedure (at least MATTHC each) */
  procedureList(): Promise<Item[]>;
}

const lower = (v: unknown) =>
  String(v ?? '')
    .normalize('NFC')
    .toLowerCase();
const isDuplicate = (r: Item) =>
  PORTAL_CHOICES.duplicateCodes.includes(errorCodeOf(r)) && lower(r['message']).includes('đã tồn tại');
const refused = (r: Item) =>
  new UpstreamRefusedError(
    errorCodeOf(r) || '?',
    String(r['message'] ?? `error_code ${errorCodeOf(r)}`).normalize('NFC'),
  );
/** The proxy's plain-text progress answer: success is "thành công" (§3), not "không thành công" or an error. */
const progressAccepted = (text: string) =>
  /thành công/.test(lower(text)) && !/không thành công|thất bại|lỗi/.test(lower(text));

/** The procedure list of an answer (`result`, or `data` for lookups, §4): null when there is none. */
function listOf(r: Item, keys: string[]): Item[] | null {
  for (const k of keys) if (Array.isArray(r[k])) return r[k] as Item[];
  return null;
}

/** A proxy may wrap the portal's answer as a JSON string in `message` (§5). */
function unwrap(r: Item): Item {
  if (typeof r['message'] !== 'string' || !r['message'].trim().startsWith('{')) return r;
  try {
    return {
      ...(JSON.parse(r['message']) as Item),
      ...(r['error_code'] !== undefined ? { outer_error_code: r['error_code'] } : {}),
    };
  } catch {
    return r;
  }
}

export function createPortalClient(cfg: PortalConfig): PortalClient {
  return cfg.shape === 'proxy' ? new ProxyPortalClient(cfg) : new DirectPortalClient(cfg);
}

abstract class Base {
  constructor(protected readonly cfg: PortalConfig) {}
  protected url = (path: string) => `${this.cfg.url.replace(/\/$/, '')}${path}`;
  protected headers(): Record<string, string> {
    return {
      ...(this.cfg.dstcode ? { dstcode: this.cfg.dstcode } : {}),
      ...(this.cfg.bearerToken ? { authorization: `Bearer ${this.cfg.bearerToken}` } : {}),
    };
  }
}

class DirectPortalClient extends Base implements PortalClient {
  readonly shape = 'direct' as const;
  private session: { token: Promise<string>; until: number } | null = null;

  private async login(): Promise<{ token: string; fresh: boolean }> {
    if (this.session && this.session.until > Date.now()) return { token: await this.session.token, fresh: false };
    const until = Date.now() + this.cfg.sessionTtlMs;
    const token = (async () => {
      const r = jsonOf(
        'the portal',
        await httpCall('the portal', this.url(this.cfg.paths.auth), {
          body: { username: this.cfg.username, password: this.cfg.password },
          headers: this.headers(),
          timeoutMs: this.cfg.timeoutMs,
        }),
      );
      // OpenCPS: a login succeeds only with a session and error_code 0 (§1.2)
      if (!isSuccessCode(errorCodeOf(r)) || typeof r['session'] !== 'string' || !r['session'])
        throw new UpstreamRefusedError(errorCodeOf(r) || '?', `login refused: ${String(r['message'] ?? 'no message')}`);
      return r['session'];
    })();
    const entry = { token, until };
    this.session = entry;
    try {
      return { token: await token, fresh: true };
    } catch (err) {
      if (this.session === entry) this.session = null;
      throw err;
    }
  }

  /** One service call; a refusal on a session that was not fresh is tried once with a new session. */
  private async call(service: string, payload: Item, accept: (r: Item) => boolean = () => false): Promise<Item> {
    for (let attempt = 0; ; attempt++) {
      const { token, fresh } = await this.login();
      const r = jsonOf(
        'the portal',
        await httpCall('the portal', this.url(this.cfg.paths.api), {
          body: { session: token, madonvi: this.cfg.unitCode, service, ...payload },
          headers: this.headers(),
          timeoutMs: this.cfg.timeoutMs,
        }),
      );
      if (isSuccessCode(errorCodeOf(r)) || accept(r)) return r;
      if (fresh || attempt > 0) throw refused(r);
      this.session = null; // perhaps expired: the code for that is [open]
    }
  }

  async syncDossier(item: Item, updating: boolean) {
    const r = await this.call(
      'DongBoHoSoMC',
      { isUpdating: updating ? 'True' : 'False', data: [item] },
      (a) => !updating && isDuplicate(a),
    );
    return isDuplicate(r) && !updating ? 'exists' : 'accepted';
  }

  async dossierExists(code: string) {
    const r = await this.call('TraCuuHoSo', { mahoso: code });
    const list = listOf(r, PORTAL_CHOICES.lookupListKeys);
    if (!list) throw new UpstreamTransientError('TraCuuHoSo answered without a result list');
    return list.length > 0;
  }

  async progress(steps: Item[]) {
    await this.call('CapNhatTienDoHoSoMC', { data: steps });
  }

  async procedure(code: string) {
    const list = listOf(await this.call('LayThuTuc', { maTTHC: code }), ['result']);
    if (!list) throw new UpstreamRefusedError('?', 'LayThuTuc answered without a result list');
    return list[0] ?? null;
  }

  async procedureList() {
    const list = listOf(await this.call('LayDanhSachTTHC', {}), ['result']);
    if (!list) throw new UpstreamRefusedError('?', 'LayDanhSachTTHC answered without a result list');
    return list;
  }
}

class ProxyPortalClient extends Base implements PortalClient {
  readonly shape = 'proxy' as const;
  private get paths() {
    return this.cfg.paths.proxy;
  }

  async syncDossier(item: Item, updating: boolean) {
    const a = await httpCall('the portal proxy', this.url(updating ? this.paths.update : this.paths.insert), {
      body: [item],
      headers: this.headers(),
      timeoutMs: this.cfg.timeoutMs,
    });
    if (a.status === 401 || a.status === 403)
      throw new UpstreamRefusedError(String(a.status), 'the proxy refused the bearer token');
    const r = unwrap(jsonOf('the portal proxy', a));
    if (!updating && isDuplicate(r)) return 'exists';
    if (isSuccessCode(errorCodeOf(r)) && !isDuplicate(r)) return 'accepted';
    throw refused(r);
  }

  async dossierExists(code: string) {
    const r = await this.get(this.paths.lookup, { mahoso: code });
    const list = listOf(r, PORTAL_CHOICES.lookupListKeys);
    if (!list) throw new UpstreamTransientError('TraCuuHoSo answered without a result list');
    return list.length > 0;
  }

  async progress(steps: Item[]) {
    const a = await httpCall('the portal proxy', this.url(this.paths.progress), {
      body: steps,
      headers: this.headers(),
      timeoutMs: this.cfg.timeoutMs,
    });
    // plain text; success is the substring "thành công" (§3)
    if (!progressAccepted(a.text))
      throw new UpstreamRefusedError(
        String(a.status),
        a.text.normalize('NFC').slice(0, 500) || `HTTP ${a.status} without a message`,
      );
  }

  private async get(path: string, query: Record<string, string>): Promise<Item> {
    const qs = new URLSearchParams(query).toString();
    const a = await httpCall('the portal proxy', `${this.url(path)}${qs ? `?${qs}` : ''}`, {
      method: 'GET',
      headers: this.headers(),
      timeoutMs: this.cfg.timeoutMs,
    });
    const r = unwrap(jsonOf('the portal proxy', a));
    const code = errorCodeOf(r);
    if (code && !isSuccessCode(code)) throw refused(r);
    return r;
  }

  async procedure(code: string) {
    const list = listOf(await this.get(this.paths.procedure, { maTTHC: code }), ['result']);
    if (!list) throw new UpstreamRefusedError('?', 'LayThuTuc answered without a result list');
    return list[0] ?? null;
  }

  async procedureList() {
    const list = listOf(await this.get(this.paths.procedureList, {}), ['result']);
    if (!list) throw new UpstreamRefusedError('?', 'LayDanhSachTTHC answered without a result list');
    return list;
  }
}
