/** Lower-case text without Vietnamese diacritics, so that "hai phong" finds "Hải Phòng". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Characters no text of the hub carries: NUL and the other C0 controls but tab and newlines (PostgreSQL
 * refuses NUL, and none is typed by a person), C1 controls, bidirectional marks, overrides and
 * isolates (they make a subject read differently from what it is), zero-width and invisible
 * fillers (they make two equal-looking texts differ), line and paragraph separators, and tag
 * characters. Arguments holding one are refused; texts read from edXML packages lose them.
 */
/* eslint-disable no-control-regex, no-misleading-character-class -- controls, joiners and lone surrogate halves are what these classes are for */
export const INVISIBLE_OR_CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]|\uDB40[\uDC00-\uDC7F]/;
const ALL = new RegExp(INVISIBLE_OR_CONTROL.source, 'g');

/** A surrogate half without its other half: not text. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex, no-misleading-character-class */

/** The text without those characters (tab and newlines kept). */
export const withoutInvisible = (text: string): string => text.replace(ALL, '');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UUID (the form of every row id the API shows). */
export const isUuid = (s: string) => UUID.test(s);
