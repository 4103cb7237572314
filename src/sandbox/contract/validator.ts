/**
 * The double's contract checker: JSON Schemas (ajv) whose properties name their section of
 * ../shared/contracts/national-contracts.md in `x-section`, and the portal's date formats. A
 * broken rule is a `Problem` naming the path, the rule and the section, so a refusal says exactly
 * what the real system would object to. Written from the contracts document only.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export interface Problem {
  /** JSON pointer of the offending value, e.g. /data/0/DanhSachLePhi/0/Gia */
  path: string;
  /** the contracts document's section, e.g. §2.4 */
  section: string;
  message: string;
}

/** yyyyMMddHHmmss: a real calendar date and a 24-hour time (§2.2, §6.1). */
export function isPortalTimestamp(s: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** yyyyMMdd (§6.5 NgayQD in the KeyPay variant; the reconciliation day). */
const isPortalDate = (s: string) => /^\d{8}$/.test(s) && isPortalTimestamp(`${s}000000`);

/** The portal's clock: Vietnam time (UTC+7, no daylight saving), yyyyMMddHHmmss. */
export function portalTimestamp(at: Date = new Date()): string {
  const v = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return v.slice(0, 19).replace(/[-T:]/g, '');
}

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, verbose: true });
ajv.addKeyword({ keyword: 'x-section', schemaType: 'string' });
ajv.addFormat('vn-datetime', { type: 'string', validate: isPortalTimestamp });
ajv.addFormat('vn-datetime-or-empty', { type: 'string', validate: (s: string) => s === '' || isPortalTimestamp(s) });
ajv.addFormat('vn-date', { type: 'string', validate: isPortalDate });
ajv.addFormat('vn-date-or-datetime', {
  type: 'string',
  validate: (s: string) => isPortalDate(s) || isPortalTimestamp(s),
});
ajv.addFormat('http-url', { type: 'string', validate: (s: string) => /^https?:\/\/[^\s]+$/.test(s) });
/** The client server's IPv4 address as the platform sees it (§6.1): not loopback, not unspecified. */
ajv.addFormat('ipv4', {
  type: 'string',
  validate: (s: string) =>
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s) && !/^(127|0)\./.test(s),
});

type Schema = Record<string, unknown>;

/** The section of the schema an error points into: the property's own, else its parent's. */
function sectionOf(e: ErrorObject): string {
  const parent = (e.parentSchema ?? {}) as Schema;
  const props = (parent['properties'] ?? {}) as Record<string, Schema>;
  const missing = (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty;
  if (missing && props[missing]?.['x-section']) return String(props[missing]['x-section']);
  return String(parent['x-section'] ?? '');
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `thiếu trường bắt buộc "${String(p['missingProperty'])}"`;
    case 'additionalProperties':
      return `trường "${String(p['additionalProperty'])}" không có trong đặc tả`;
    case 'type':
      return `phải là ${String(p['type'])}, không phải ${Array.isArray(e.data) ? 'array' : e.data === null ? 'null' : typeof e.data}`;
    case 'enum':
    case 'const':
      return `giá trị ${JSON.stringify(e.data)} không thuộc ${JSON.stringify(p['allowedValues'] ?? p['allowedValue'])}`;
    case 'format':
      return `giá trị ${JSON.stringify(e.data)} sai định dạng ${String(p['format'])}`;
    default:
      return e.message ?? e.keyword;
  }
}

export type Check = (value: unknown) => Problem[];

/** Compile a schema into a check that lists every broken rule (empty: the value keeps the contract). */
export function contract(schema: Schema): Check {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return [];
    // "if/then" failures repeat what the branch already reported
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => ({ path: e.instancePath || '/', section: sectionOf(e), message: describe(e) }));
  };
}

/** One line per problem, for the portal's message. */
export const explain = (problems: Problem[]) =>
  problems.map((p) => `${p.path}: ${p.message}${p.section ? ` (${p.section})` : ''}`).join('; ');

// Schema builders: every property carries its section.
export const sec = <T extends Schema>(section: string, s: T): T & { 'x-section': string } => ({
  ...s,
  'x-section': section,
});
/** A string that must not be empty. */
export const text = (section: string, extra: Schema = {}) => sec(section, { type: 'string', minLength: 1, ...extra });
/** A string that may be empty (the contract's `""`, "ko bb"). */
export const anyText = (section: string, extra: Schema = {}) => sec(section, { type: 'string', ...extra });
export const oneOf = (section: string, values: string[]) => sec(section, { type: 'string', enum: values });
export const stamp = (section: string) => sec(section, { type: 'string', format: 'vn-datetime' });
export const stampOrEmpty = (section: string) => sec(section, { type: 'string', format: 'vn-datetime-or-empty' });
export const digits = (section: string) => sec(section, { type: 'string', pattern: '^[0-9]+$' });
export const object = (section: string, properties: Record<string, Schema>, required: string[], extra: Schema = {}) =>
  sec(section, { type: 'object', properties, required, additionalProperties: false, ...extra });
export const list = (section: string, items: Schema, extra: Schema = {}) =>
  sec(section, { type: 'array', items, ...extra });
