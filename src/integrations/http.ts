/**
 * HTTP to the national systems: one call with a timeout, failures classified. A timeout, a
 * connection error, HTTP 408, 429 or 5xx is transient (the job retries); an answer is returned
 * whatever its status, because every known client reads the body regardless (contracts §2.7).
 */
export class UpstreamTransientError extends Error {
  override name = 'UpstreamTransientError';
}

/** The upstream answered and refused: its code and message are kept. */
export class UpstreamRefusedError extends Error {
  override name = 'UpstreamRefusedError';
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpAnswer {
  status: number;
  text: string;
}

export async function httpCall(
  what: string,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string>; timeoutMs: number },
): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'POST',
      headers: {
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json', charset: 'utf-8' } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new UpstreamTransientError(
      e.name === 'TimeoutError'
        ? `${what} did not answer within ${init.timeoutMs} ms`
        : `${what} is unreachable (${e.cause?.code ?? e.message})`,
    );
  }
  if (res.status >= 500 || res.status === 429 || res.status === 408)
    throw new UpstreamTransientError(`${what} answered HTTP ${res.status}`);
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new UpstreamTransientError(`${what}'s answer was cut off (${(err as Error).message})`);
  }
  // as received: an edXML package must stay byte-exact for its signature; texts read from answers are normalised where they are read
  return { status: res.status, text };
}

/** The answer as a JSON object; anything else is transient (an error page, a cut answer). */
export function jsonOf(what: string, a: HttpAnswer): Record<string, unknown> {
  try {
    const v = JSON.parse(a.text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // below
  }
  throw new UpstreamTransientError(`${what} answered HTTP ${a.status} without a JSON object`);
}

/** `error_code` as the portal sends it: a number or a numeric string (§8.4); 0 and "00" are success. */
export const errorCodeOf = (r: Record<string, unknown>): string => {
  const c = r['error_code'];
  return c === undefined || c === null ? '' : String(c).trim();
};
export const isSuccessCode = (c: string) => /^[+-]?0+$/.test(c);
