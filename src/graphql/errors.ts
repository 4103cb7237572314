/**
 * The one place where errors become GraphQL errors: AppErrors keep their stable code, GraphQL's
 * own request errors keep theirs, an unreachable database becomes SERVICE_UNAVAILABLE, and
 * anything else is masked (the plugin in `plugins.ts` logs it with the request id).
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../common/errors.js';
import { isTransientDbError } from '../db/transient.js';

/** Codes produced by GraphQL/Apollo themselves for a bad request: safe to show. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
]);

export type ErrorKind = 'app' | 'request' | 'conflict' | 'unavailable' | 'unknown';

/** A unique constraint met by a concurrent writer (Prisma P2002): the client may try again. */
const isUniqueViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === 'P2002';

export function classifyError(error: unknown): ErrorKind {
  const original = unwrapResolverError(error);
  if (isUniqueViolation(original)) return 'conflict';
  if (original instanceof AppError) return 'app';
  if (original instanceof GraphQLError && REQUEST_ERROR_CODES.has(String(original.extensions?.code))) return 'request';
  // a lost connection, an exhausted pool, a serialisation conflict: nothing the client did
  if (isTransientDbError(original)) return 'unavailable';
  if (original instanceof GraphQLError && original.extensions?.code === 'SERVICE_UNAVAILABLE') return 'unavailable';
  return 'unknown';
}

/** The message without GraphQL's "Did you mean …?" suggestions (schema names). */
export const withoutSuggestions = (f: GraphQLFormattedError): GraphQLFormattedError => ({
  ...f,
  message: f.message.replace(/\s*Did you mean [^?]*\?/g, ''),
});

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  switch (classifyError(error)) {
    case 'app': {
      const e = original as AppError;
      return { ...formatted, message: e.message, extensions: { ...e.details, code: e.code } };
    }
    case 'request': {
      // Drop Apollo's stack traces and keep only what a client can act on.
      const { stacktrace: _s, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
      // A scalar's refusal (a bad Date) comes wrapped in GraphQL's validation or variable error: it
      // keeps GraphQL's message, which names the argument, and the scalar's own stable code.
      const refusal = original instanceof GraphQLError ? original.originalError : undefined;
      if (refusal instanceof AppError) extensions['code'] = refusal.code;
      // graphql-armor labels its depth and alias refusals "Syntax Error": they are validation errors
      const message =
        extensions['code'] === 'GRAPHQL_VALIDATION_FAILED'
          ? formatted.message.replace(/^Syntax Error: /, '')
          : formatted.message;
      return { ...formatted, message, extensions };
    }
    case 'conflict':
      return {
        message: 'Another request changed the same thing at the same moment; try again',
        path: formatted.path,
        extensions: { code: 'CONFLICT' },
      };
    case 'unavailable':
      return {
        message: 'A service the hub depends on is unavailable; try again shortly',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    default:
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}
