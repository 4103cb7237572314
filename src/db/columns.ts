/**
 * Hand-written reads (the hot lists) select the same rows Prisma would return: every scalar column
 * of a model, aliased to its Prisma field name, so that a row read here has the model's type and
 * can be handed to the same code (and primed into the same DataLoaders) as one Prisma read.
 *
 * Column names follow one convention: the field name in snake_case (`@map` in schema.prisma).
 * The field lists are Prisma's own (`<Model>ScalarFieldEnum`), so a column added to the schema is
 * selected here without a change; `tests/integration/hot-reads.test.ts` compares the rows read
 * here with Prisma's, field by field, for every table listed.
 */
import { Prisma } from '../generated/prisma/client.js';

/** `receivedAt` → `received_at` */
const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const FIELDS = {
  agency: Object.values(Prisma.AgencyScalarFieldEnum),
  procedure: Object.values(Prisma.ProcedureScalarFieldEnum),
  dossier: Object.values(Prisma.DossierScalarFieldEnum),
  document: Object.values(Prisma.DocumentScalarFieldEnum),
  delivery: Object.values(Prisma.DeliveryScalarFieldEnum),
  payment: Object.values(Prisma.PaymentScalarFieldEnum),
  attachment: Object.values(Prisma.AttachmentScalarFieldEnum),
} as const;

/** Enum columns: selected as text (the driver does not know their types). */
const ENUMS = new Set(['agency.level', 'procedure.onlineType', 'payment.kind', 'payment.status', 'payment.route']);
/** Scalar lists: Prisma reads a NULL one as empty. */
const LISTS = new Set(['document.toPlaces']);

function column(table: Table, as: string, field: string): string {
  const c = `"${as}"."${snakeCase(field)}"`;
  if (ENUMS.has(`${table}.${field}`)) return `${c}::text`;
  if (LISTS.has(`${table}.${field}`)) return `coalesce(${c}, '{}')`;
  return c;
}

export type Table = keyof typeof FIELDS;

/**
 * The select list of `table`'s columns read through the alias `as`, each named after its field
 * (with `prefix` before it: the columns of a joined row, taken apart again by `rowOf`).
 */
export function columns(table: Table, as: string, prefix = ''): Prisma.Sql {
  const key = `${table} ${as} ${prefix}`;
  let sql = SELECT_LISTS.get(key);
  if (!sql)
    SELECT_LISTS.set(
      key,
      (sql = Prisma.raw(FIELDS[table].map((f) => `${column(table, as, f)} AS "${prefix}${f}"`).join(', '))),
    );
  return sql;
}

/** Select lists made once per (table, alias, prefix). */
const SELECT_LISTS = new Map<string, Prisma.Sql>();

/**
 * The row of `table` in a row read with `columns(table, …, prefix)`: its own columns, `prefix`ed
 * when it was joined (null when the join found none).
 */
export function rowOf<T>(row: Record<string, unknown>, table: Table, prefix = ''): T | null {
  const key = `${table} ${prefix}`;
  let names = NAMES.get(key);
  if (!names) NAMES.set(key, (names = { id: `${prefix}id`, of: FIELDS[table].map((f) => [f, `${prefix}${f}`]) }));
  if (row[names.id] == null) return null;
  const out: Record<string, unknown> = {};
  for (const [f, column] of names.of) out[f] = row[column];
  return out as T;
}

/** The id's column and [field, column] of each (table, prefix), made once. */
const NAMES = new Map<string, { id: string; of: Array<[string, string]> }>();
