/**
 * What a query may cost: the number of objects it can return, at most. Scalars are free; each
 * object a field returns costs 1 plus what is selected under it, times how many it can return:
 *
 * - a paged field (`first`/`last`, from the document or its variables, else its default; never
 *   more than `MAX_PAGE_SIZE`) returns that many: its connection's `edges`/`nodes` add nothing more;
 * - a plain list (a dossier's payments, an agency's children…) counts as `LIST_SIZES[Type.field]`
 *   where one is known to be long, else `DEFAULT_LIST_SIZE`;
 * - a single object counts once.
 *
 * Fragments count as written (an inline fragment or spread adds its selection). Introspection is
 * free. So every documented list at `MAX_PAGE_SIZE` with its usual relations costs a few thousand
 * to a few tens of thousands, and pages nested in pages (each agency's dossiers' payments…) cost
 * millions: `GRAPHQL_MAX_COST` (default 50,000) sits between. The refusal names the cost and the
 * limit (`apolloCostPlugin`), before anything is resolved.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

const DEFAULT_LIST_SIZE = 10;
/** Plain lists known to be long. */
const LIST_SIZES: Record<string, number> = {
  'Agency.children': 200,
  'Procedure.agencies': 200,
  'CalendarYear.days': 366,
  'KpiReport.rows': 50,
  // one row per kind and status: 7 × 5
  'Query.paymentTotals': 35,
};

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  maxPage: number;
  maxCost: number;
  /** the cost of each fragment walked so far, by name and page context */
  known: Map<string, number>;
}

/** How many a paged field returns (`first`/`last`, given or defaulted, at most a page); null: not paged. */
function pageSize(
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: ValueNode }[],
  w: Walk,
): number | null {
  let paged = false;
  for (const name of ['first', 'last']) {
    const def = field.args.find((a) => a.name === name);
    if (!def) continue;
    paged = true;
    const given = args.find((a) => a.name.value === name);
    const value = given ? valueFromASTUntyped(given.value, w.variables) : def.defaultValue;
    if (typeof value === 'number' && value > 0) return Math.min(value, w.maxPage);
  }
  // paged without a size the document says: the most it may return
  return paged ? w.maxPage : null;
}

function selectionCost(set: SelectionSetNode, type: GraphQLCompositeType, w: Walk, paged: boolean): number {
  let cost = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) {
      const on = s.typeCondition ? w.schema.getType(s.typeCondition.name.value) : type;
      if (on && isCompositeType(on)) cost += selectionCost(s.selectionSet, on, w, paged);
      continue;
    }
    if (s.kind === Kind.FRAGMENT_SPREAD) {
      // each fragment is walked once (per page context): spreading it again costs a lookup, so a
      // document of fragments spreading fragments is counted in the time it takes to read it
      const key = `${s.name.value} ${paged}`;
      let known = w.known.get(key);
      if (known === undefined) {
        const f = w.fragments[s.name.value];
        const on = f && w.schema.getType(f.typeCondition.name.value);
        known = f && on && isCompositeType(on) ? selectionCost(f.selectionSet, on, w, paged) : 0;
        w.known.set(key, known);
      }
      cost += known;
      if (cost > w.maxCost) return cost;
      continue;
    }
    if (s.name.value.startsWith('__') || !s.selectionSet) continue; // introspection, scalars
    const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[s.name.value] : undefined;
    if (!field) continue; // (validation refuses it anyway)
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) continue;
    const page = pageSize(field, s.arguments ?? [], w);
    const list = isListType(getNullableType(field.type));
    const many =
      page ??
      (list
        ? paged && (s.name.value === 'edges' || s.name.value === 'nodes')
          ? 1
          : (LIST_SIZES[`${type.name}.${s.name.value}`] ?? DEFAULT_LIST_SIZE)
        : 1);
    cost += many * (1 + selectionCost(s.selectionSet, named, w, page !== null));
    // over the limit already: the rest cannot bring it back
    if (cost > w.maxCost) return cost;
  }
  return cost;
}

/** The cost of `operation` with these variables (see the module's comment). */
function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  maxPage: number,
  maxCost: number,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const walk = { schema, fragments, variables, maxPage, maxCost, known: new Map<string, number>() };
  return selectionCost(operation.selectionSet, root, walk, false);
}

/** The refusal of `operation` when its cost is over `maxCost`, saying both; null when it is within. */
export function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxCost: number,
  maxPage: number,
): GraphQLError | null {
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const cost = operationCost(schema, operation, fragments, variables, maxPage, maxCost);
  if (cost <= maxCost) return null;
  return new GraphQLError(
    `The query's cost is at least ${cost}, over the limit of ${maxCost}: ask for smaller pages (first) or fewer nested lists. Cost counts the objects a query can return: a page of N counts N times what each item selects.`,
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost, http: { status: 400 } } },
  );
}

/** Refuses an operation whose cost is over `maxCost`, saying both, before it runs. */
export function apolloCostPlugin(maxCost: number, maxPage: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const refusal = costRefusal(schema, document, operation, request.variables ?? {}, maxCost, maxPage);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
