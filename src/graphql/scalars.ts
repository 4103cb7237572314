/**
 * The schema's two time scalars. `DateTime` is an instant; `Date` is a calendar day, read as a
 * Vietnam day (UTC+7) wherever a period is meant (`vietnamDays` in src/common/time.ts).
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver, GraphQLJSONObject, LocalDateResolver } from 'graphql-scalars';
import { BadUserInputError } from '../common/errors.js';
import { parseIsoDate } from '../common/time.js';

/**
 * Thời điểm — an instant. graphql-scalars' `DateTimeISO` under the name a typed client expects:
 * the same wire format as before (RFC 3339 in, `toISOString()` out, e.g. 2026-11-20T03:15:00.000Z).
 * type-graphql maps every `Date` field to it (`scalarsMap` in schema.ts).
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeISOResolver.toConfig(),
  name: 'DateTime',
  description:
    'Thời điểm — an instant, as an RFC 3339 date-time string (e.g. 2026-11-20T10:15:30+07:00 in, 2026-11-20T03:15:30.000Z out, always UTC)',
});

/** A day as the client sent it: a real calendar day yyyy-MM-dd between 1900 and 2099, or BAD_USER_INPUT. */
function day(value: unknown): string {
  if (typeof value !== 'string') throw new BadUserInputError('A Date is a string yyyy-MM-dd');
  parseIsoDate(value);
  return value;
}

/**
 * Ngày — a calendar day, `yyyy-MM-dd` on the wire both ways. Built on graphql-scalars'
 * `LocalDate`, not its `Date`: `Date` parses into a JS Date at UTC midnight and formats one back,
 * so a day would move whenever a Date passes through local time (a server or client at UTC+7
 * reads 2026-11-20T00:00Z as the 20th, one at UTC-5 as the 19th); `LocalDate` keeps the string
 * with no time zone at all, which is what a day of a decision, a validity or a period is. The
 * services read it as a Vietnam day (UTC+7). Values coming from `@db.Date` columns (midnight UTC)
 * are written as their UTC date. A bad day is refused with BAD_USER_INPUT, as the resolvers did.
 */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description:
    'Ngày — a calendar day, yyyy-MM-dd (e.g. 2026-11-20), with no time zone: a day in Vietnam (UTC+7) where a period is meant',
  serialize: (value) => LocalDateResolver.serialize(value instanceof Date ? value.toISOString().slice(0, 10) : value),
  parseValue: day,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new BadUserInputError('A Date is a string yyyy-MM-dd');
    return day(ast.value);
  },
  extensions: { codegenScalarType: 'string' },
});

/** graphql-scalars' `JSONObject`, described as the schema's other types are. */
export const JsonObjectScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  description: 'Đối tượng JSON — a JSON object (ECMA-404), e.g. the ids a job or an event carries',
});
