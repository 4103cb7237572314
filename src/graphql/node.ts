/**
 * Relay's global object identification: the `Node` interface and `node(id:)`.
 *
 * Every row id the API shows is a UUID, unique across the hub's tables, so an object's `id` is
 * already its global id: clients keep using the ids they have. `node(id:)` finds which table holds
 * the id (one statement over the modules' node tables), then reads the object through its module,
 * in the caller's scope: an id that exists but belongs to another agency is refused with FORBIDDEN;
 * null means that no object has this id.
 */
import { Prisma } from '../generated/prisma/client.js';
import { Arg, Ctx, Field, ID, InterfaceType, Resolver } from 'type-graphql';
import { ForbiddenError } from '../common/errors.js';
import { isUuid } from '../common/text.js';
import type { HubContext } from '../core/context.js';
import type { NodeSource } from '../core/node-source.js';
import { HubQuery } from './guard.js';

const TYPENAME = Symbol('node type');

@InterfaceType('Node', {
  description:
    'Đối tượng — an object with an id unique across the hub (Relay global object identification): `node(id:)` reads it again',
  resolveType: (value: { [TYPENAME]?: string }) => value[TYPENAME],
})
export abstract class Node {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID)' })
  id!: string;
}

/** The `node(id:)` resolver over the modules' node sources. */
export function nodeResolver(sources: readonly NodeSource[]) {
  const byType = new Map(sources.map((s) => [s.typename, s]));

  @Resolver()
  class NodeResolver {
    @HubQuery(() => Node, {
      nullable: true,
      description:
        "Tra cứu theo mã — any object by its id; FORBIDDEN when it is another agency's, null when no object has this id",
    })
    async node(
      @Arg('id', () => ID, { description: 'Mã — the `id` of an object that implements Node' }) id: string,
      @Ctx() ctx: HubContext,
    ): Promise<Node | null> {
      if (!isUuid(id)) return null;
      const probes = sources.map(
        (s) => Prisma.sql`SELECT ${s.typename}::text AS type FROM ${Prisma.raw(`"${s.table}"`)} WHERE id = ${id}::uuid`,
      );
      const found = await ctx.db.$queryRaw<Array<{ type: string }>>`${Prisma.join(probes, ' UNION ALL ')} LIMIT 1`;
      const source = found[0] && byType.get(found[0].type);
      if (!source) return null;
      const object = await source.load(ctx, id);
      if (!object) throw new ForbiddenError(`This ${source.typename} belongs to another agency`);
      return { ...object, [TYPENAME]: source.typename } as unknown as Node;
    }
  }
  return NodeResolver;
}
