/**
 * Times are stored in UTC. National formats carry Vietnam time (UTC+7, no daylight saving):
 * edXML `yyyy/MM/dd HH:mm:ss`, the portal `yyyyMMddHHmmss`. Convert only at the edges.
 */
import { BadUserInputError } from './errors.js';

const VN_OFFSET_MS = 7 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function vnParts(d: Date) {
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  return {
    y: v.getUTCFullYear(),
    mo: pad(v.getUTCMonth() + 1),
    d: pad(v.getUTCDate()),
    h: pad(v.getUTCHours()),
    mi: pad(v.getUTCMinutes()),
    s: pad(v.getUTCSeconds()),
  };
}

/** `yyyy/MM/dd HH:mm:ss` in Vietnam time (edXML timestamps). */
export function toEdxmlTimestamp(d: Date): string {
  const p = vnParts(d);
  return `${p.y}/${p.mo}/${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** `yyyyMMddHHmmss` in Vietnam time (portal and payment platform). */
export function toPortalTimestamp(d: Date): string {
  const p = vnParts(d);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

function fromVnParts(text: string, m: RegExpExecArray | null, what: string): Date {
  if (!m) throw new BadUserInputError(`"${text}" is not a ${what}`);
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - VN_OFFSET_MS;
  const back = new Date(utc + VN_OFFSET_MS);
  if (back.getUTCMonth() !== +mo! - 1 || back.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) {
    throw new BadUserInputError(`"${text}" is not a valid ${what}`);
  }
  return new Date(utc);
}

/** Parse edXML `yyyy/MM/dd` or `yyyy/MM/dd HH:mm:ss` (Vietnam time) to a UTC instant. */
export function fromEdxmlTimestamp(text: string): Date {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim());
  return fromVnParts(text, m, 'edXML date (yyyy/MM/dd[ HH:mm:ss])');
}

/** Parse portal `yyyyMMddHHmmss` (Vietnam time) to a UTC instant. */
export function fromPortalTimestamp(text: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  return fromVnParts(text, m, 'portal timestamp (yyyyMMddHHmmss)');
}

/** Parse a calendar date `yyyy-MM-dd` to midnight UTC (the storage form of `@db.Date`). */
export function parseIsoDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) {
    throw new BadUserInputError(`"${text}" is not a date (yyyy-MM-dd)`);
  }
  if (+m![1]! < 1900 || +m![1]! > 2099) throw new BadUserInputError(`"${text}" is not a date between 1900 and 2099`);
  return d;
}

/** Today's calendar date in Vietnam, as midnight UTC. */
export function vietnamToday(now = new Date()): Date {
  const p = vnParts(now);
  return new Date(Date.UTC(p.y, +p.mo - 1, +p.d));
}

/** A calendar date (midnight UTC, as `@db.Date` stores it) as edXML `yyyy/MM/dd`. */
export function toEdxmlDate(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll('-', '/');
}

/** edXML `yyyy/MM/dd` as a calendar date (midnight UTC), with no time-zone shift. */
export function fromEdxmlDate(text: string): Date {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(text.trim());
  if (!m) throw new BadUserInputError(`"${text}" is not an edXML date (yyyy/MM/dd)`);
  return parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`);
}

/** The instants [start, end) covering the Vietnam calendar days `from` to `to`, inclusive (yyyy-MM-dd). */
export function vietnamDays(
  from: string | null | undefined,
  to: string | null | undefined,
): { start?: Date; end?: Date } {
  const start = from ? new Date(parseIsoDate(from).getTime() - VN_OFFSET_MS) : undefined;
  const end = to ? new Date(parseIsoDate(to).getTime() - VN_OFFSET_MS + 86_400_000) : undefined;
  if (start && end && end <= start) throw new BadUserInputError('"to" must not be before "from"', { field: 'to' });
  return { start, end };
}
