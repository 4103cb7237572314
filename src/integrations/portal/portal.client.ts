/**
 * The National Public Service Portal's integration endpoint: log in for a session token, then
 * POST `{ session, madonvi, service, ... }`. The session is cached and renewed when the portal
 * says it expired. Failures are classified: the portal refusing the data is permanent (retrying
 * cannot help); timeouts, connection errors and 5xx are transient.
 */
export interface PortalConfig {
  url: string;
  username: string;
  password: string;
  /** madonvi: the unit code the hub sends for */
  unitCode: string;
  timeoutMs: number;
}

export class PortalTransientError extends Error {
  override name = 'PortalTransientError';
}
/** The portal answered and refused: its message is kept. */
export class PortalRefusedError extends Error {
  override name = 'PortalRefusedError';
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const OK = new Set(['0', '00']);
const SESSION_EXPIRED = '401';

export class PortalClient {
  private session: Promise<string> | null = null;

  constructor(private readonly cfg: PortalConfig) {}

  private async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(`${this.cfg.url.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new PortalTransientError(e.name === 'TimeoutError' ? `the portal did not answer within ${this.cfg.timeoutMs} ms` : `the portal is unreachable (${e.cause?.code ?? e.message})`);
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new PortalTransientError(`the portal answered HTTP ${res.status}`);
    try {
      return (await res.json()) as Record<string, unknown>;
    } catch {
      throw new PortalTransientError(`the portal answered HTTP ${res.status} without JSON`);
    }
  }

  private login(): Promise<string> {
    this.session ??= (async () => {
      const r = await this.post('/portal/login', { username: this.cfg.username, password: this.cfg.password });
      if (!OK.has(String(r['error_code'])) || typeof r['session'] !== 'string') {
        throw new PortalRefusedError(String(r['error_code']), `login refused: ${String(r['message'] ?? 'no message')}`);
      }
      return r['session'];
    })().catch((err) => {
      this.session = null;
      throw err;
    });
    return this.session;
  }

  /** Call the national document axis (`/axis/<name>`), with the same session and error handling. */
  axis(name: 'send' | 'status' | 'received' | 'get' | 'ack', payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.callPath(`/axis/${name}`, payload);
  }

  /** Call one service; renews the session once if it expired. */
  call(service: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.callPath('/portal/api', { service, ...payload });
  }

  private async callPath(path: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.login();
      const r = await this.post(path, { session, madonvi: this.cfg.unitCode, ...payload });
      const code = String(r['error_code']);
      if (OK.has(code)) return r;
      if (code === SESSION_EXPIRED) {
        this.session = null; // renew and try once more
        if (attempt === 0) continue;
        throw new PortalTransientError('the portal keeps refusing fresh sessions');
      }
      throw new PortalRefusedError(code, String(r['message'] ?? `error_code ${code}`));
    }
  }
}
