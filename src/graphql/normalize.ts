/**
 * Unicode: every text argument that enters through GraphQL is normalised to NFC before any
 * resolver sees it, so the same Vietnamese name is never stored as two byte strings and a search
 * finds a text whatever form the sender typed it in. The one exception is a raw edXML package:
 * its bytes are signed and kept as received; the texts read from it are normalised by the parser.
 */
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { BadUserInputError } from '../common/errors.js';
import { INVISIBLE_OR_CONTROL, LONE_SURROGATE } from '../common/text.js';

/** No argument list is longer (each field may allow fewer). */
const MAX_LIST_LENGTH = 500;
/** Dates outside these years are typing mistakes or probes. */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** Refuse what no argument may hold, naming where: forbidden characters, huge lists, absurd dates. */
function checkArgument(value: unknown, path: string, depth = 0): void {
  if (typeof value === 'string') {
    if (INVISIBLE_OR_CONTROL.test(value) || LONE_SURROGATE.test(value)) {
      throw new BadUserInputError(`"${path}" contains a control, bidirectional or zero-width character`, {
        field: path,
      });
    }
  } else if (value instanceof Date) {
    const t = value.getTime();
    if (!(t >= EARLIEST && t < LATEST))
      throw new BadUserInputError(`"${path}" is not a date between 1900 and 2099`, { field: path });
  } else if (Array.isArray(value)) {
    if (value.length > MAX_LIST_LENGTH)
      throw new BadUserInputError(`"${path}" has more than ${MAX_LIST_LENGTH} entries`, { field: path });
    value.forEach((v, i) => checkArgument(v, `${path}[${i}]`, depth + 1));
  } else if (value && typeof value === 'object' && depth < 8) {
    for (const [k, v] of Object.entries(value)) checkArgument(v, `${path}.${k}`, depth + 1);
  }
}

/** Arguments kept byte for byte: `<parent type>.<field>.<argument>`. */
const RAW = new Set(['Mutation.importEdxml.package']);

function nfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfc);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = nfc(v);
  }
  return value;
}

/**
 * Wrap the resolver of every field that takes arguments (and only those: a field without arguments
 * keeps graphql-js's synchronous default resolver, so a page of rows costs no promise per field).
 */
export function normalizeArguments(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const raw = new Set(field.args.map((a) => a.name).filter((a) => RAW.has(`${type.name}.${field.name}.${a}`)));
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const key of Object.keys(args)) {
          if (raw.has(key)) continue;
          checkArgument(args[key], key);
          args[key] = nfc(args[key]);
        }
        return resolve(source, args, context, info);
      };
    }
  }
}
