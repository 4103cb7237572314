/**
 * Root fields are declared with `HubQuery` / `HubMutation` instead of type-graphql's `Query` /
 * `Mutation`. They add the role check and, for mutations, the transaction and the audit row:
 * the mutation runs in one database transaction that also appends its audit row; a refused or
 * failed mutation rolls back and its audit row is written on its own.
 * `assertGuarded` (called when the schema is built) refuses a root field declared otherwise.
 */
import { Mutation, Query, UseMiddleware, type MiddlewareFn } from 'type-graphql';

type ReturnTypeFunc = Extract<Parameters<typeof Query>[0], (...args: never[]) => unknown>;
import type { GraphQLSchema } from 'graphql';
import { ForbiddenError } from '../common/errors.js';
import type { Role } from '../generated/prisma/enums.js';
import { runAudited } from '../core/unit-of-work.js';
import type { HubContext } from '../core/context.js';
import { assertMayWrite } from '../core/access.js';

export interface GuardOptions {
  description: string;
  /** roles allowed; every authenticated caller when omitted */
  roles?: Role[];
  /** callable without credentials (the anonymous plugin check also reads this) */
  public?: boolean;
  nullable?: boolean;
}

const guarded = { Query: new Set<string>(), Mutation: new Set<string>() };
const publicFields = new Set<string>();

/** Root query fields that anonymous callers may use. */
export const isPublicField = (name: string) => publicFields.has(name);

const roleCheck =
  (roles?: Role[]): MiddlewareFn<HubContext> =>
  ({ context }, next) => {
    if (roles && (!context.caller || !(roles as string[]).includes(context.caller.role))) {
      throw new ForbiddenError(`This needs the role ${roles.join(' or ')}`);
    }
    return next();
  };

/** Every mutation writes: the policy's write rule (LEADER writes nothing) applies to all, once. */
const writeCheck: MiddlewareFn<HubContext> = ({ context }, next) => {
  assertMayWrite(context.caller);
  return next();
};

/** Keys of arguments worth naming in the audit row: ids and codes, never free text or secrets. */
function targetsFromArgs(args: Record<string, unknown>, out: string[] = [], depth = 0): string[] {
  for (const [key, value] of Object.entries(args ?? {})) {
    if (typeof value === 'string' && /(^id$|^code$|Id$|Code$|Ids$|Codes$)/.test(key)) out.push(value.slice(0, 100));
    else if (Array.isArray(value) && /(Ids|Codes)$/.test(key))
      out.push(
        ...value
          .filter((v): v is string => typeof v === 'string')
          .slice(0, 50)
          .map((v) => v.slice(0, 100)),
      );
    else if (value && typeof value === 'object' && depth < 2)
      targetsFromArgs(value as Record<string, unknown>, out, depth + 1);
  }
  return out;
}

const auditedTransaction: MiddlewareFn<HubContext> = async ({ context, args, info }, next) => {
  context.auditTargets = targetsFromArgs(args);
  return runAudited(context, info.fieldName, () => next());
};

export function HubQuery(type: ReturnTypeFunc, opts: GuardOptions): MethodDecorator {
  return (target, key, descriptor) => {
    guarded.Query.add(String(key));
    if (opts.public) publicFields.add(String(key));
    Query(type, { description: opts.description, nullable: opts.nullable })(target, key, descriptor);
    UseMiddleware(roleCheck(opts.roles))(target, key, descriptor);
  };
}

export function HubMutation(type: ReturnTypeFunc, opts: Omit<GuardOptions, 'public'>): MethodDecorator {
  return (target, key, descriptor) => {
    guarded.Mutation.add(String(key));
    Mutation(type, { description: opts.description, nullable: opts.nullable })(target, key, descriptor);
    // The audit wraps the role check, so refusals are recorded too.
    UseMiddleware(auditedTransaction, roleCheck(opts.roles), writeCheck)(target, key, descriptor);
  };
}

/** Every root field must come through HubQuery/HubMutation; say which one did not. */
export function assertGuarded(schema: GraphQLSchema): void {
  for (const [typeName, set] of Object.entries(guarded)) {
    const type = typeName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    for (const field of Object.keys(type?.getFields() ?? {})) {
      if (!set.has(field)) {
        throw new Error(
          `${typeName}.${field} is declared without @Hub${typeName}(): use it so the field gets its access check${typeName === 'Mutation' ? ', transaction and audit row' : ''}`,
        );
      }
    }
  }
}
