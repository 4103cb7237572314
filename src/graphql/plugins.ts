/**
 * Apollo plugins: refuse anonymous operations, log masked errors, echo the request id. A refused
 * anonymous operation is counted (AnonymousRefusals: per address for the limit, per hour for
 * operators), not written to the audit chain: a stranger must not be able to grow the chain or
 * hold its lock. Callers whose credentials failed never get here (the gate answered 401).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type SelectionSetNode, type FragmentDefinitionNode } from 'graphql';
import { UnauthenticatedError } from '../common/errors.js';
import type { HubContext } from '../core/context.js';
import { classifyError } from './errors.js';
import { isPublicField } from './guard.js';
import type { HubMetrics } from '../observability/metrics.js';

function rootFieldNames(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  out = new Set<string>(),
): Set<string> {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.add(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFieldNames(s.selectionSet, fragments, out);
    else if (fragments[s.name.value]) rootFieldNames(fragments[s.name.value]!.selectionSet, fragments, out);
  }
  return out;
}

const INTROSPECTION = new Set(['__schema', '__type', '__typename']);

export const authGatePlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue: ctx, operation, document }) {
        // a subscription lives on the socket (graphql-ws): over HTTP it would run as a query without events
        if (operation?.operation === 'subscription')
          throw new GraphQLError('Subscriptions use the WebSocket on /graphql (the graphql-ws protocol)', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        if (ctx.caller) return;
        const fragments = Object.fromEntries(
          document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]),
        );
        if (!operation) return;
        const fields = [...rootFieldNames(operation.selectionSet, fragments)];
        const error = ctx.authError ?? new UnauthenticatedError();
        if (
          operation.operation !== 'mutation' &&
          fields.every((f) => INTROSPECTION.has(f) || isPublicField(f)) &&
          !ctx.authError
        )
          return;
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      },
      // every refused anonymous request counts: unauthenticated, unparsable, invalid, over a limit
      async didEncounterErrors({ contextValue: ctx }) {
        if (!ctx.caller) await ctx.refusals?.count(ctx.clientIp);
      },
    };
  },
};

export const errorLoggingPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue: ctx, errors, operationName }) {
        for (const err of errors) {
          const kind = classifyError(err);
          if (kind === 'unknown' || kind === 'unavailable') {
            ctx.log.error(
              { err: err.originalError ?? err, path: err.path, operationName },
              'request failed with an unexpected error',
            );
          }
        }
      },
      async willSendResponse({ contextValue: ctx, response }) {
        if (response.body.kind === 'single' && response.body.singleResult.errors) {
          for (const e of response.body.singleResult.errors) {
            (e as { extensions?: Record<string, unknown> }).extensions = { ...e.extensions, requestId: ctx.requestId };
          }
        }
      },
    };
  },
};

/** Counts and times each operation by name, type and outcome (OK, or its first error's code). */
export function metricsPlugin(metrics: HubMetrics): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, contextValue }) {
          const type = operation?.operation ?? 'unknown';
          // the name as the document declares it, and only an authenticated caller's: a stranger
          // cannot spend the label budget (their operations count as `anonymous`)
          const label = contextValue.caller ? metrics.operationLabel(operation?.name?.value) : 'anonymous';
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const outcome = errors?.length ? String(errors[0]!.extensions?.['code'] ?? 'ERROR') : 'OK';
          metrics.graphqlOperations.inc({ operation: label, type, outcome });
          metrics.graphqlDuration.observe({ operation: label, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
