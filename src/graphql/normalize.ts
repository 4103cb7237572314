/**
 * Unicode: every text argument that enters through GraphQL is normalised to NFC before any
 * resolver sees it, so the same Vietnamese name is never stored as two byte strings and a search
 * finds a text whatever form the sender typed it in. The one exception is a raw edXML package:
 * its bytes are signed and kept as received; the texts read from it are normalised by the parser.
 */
import type { MiddlewareFn } from 'type-graphql';

/** Arguments kept byte for byte: `<parent type>.<field>.<argument>`. */
const RAW = new Set(['Mutation.importEdxml.package']);

export function nfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfc);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = nfc(v);
  }
  return value;
}

export const NormalizeText: MiddlewareFn = ({ args, info }, next) => {
  for (const key of Object.keys(args)) {
    if (!RAW.has(`${info.parentType.name}.${info.fieldName}.${key}`)) args[key] = nfc(args[key]);
  }
  return next();
};
