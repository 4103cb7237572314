/** Relay-style connections: `edges { cursor node }`, `pageInfo`, `totalCount`. */
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Thông tin trang — page information' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page' })
  endCursor!: string | null;
}

/** Base class of `<Node>Connection` types; the subclass gives the GraphQL name and description. */
export function Connection<TNode extends object>(Node: ClassType<TNode>, nodeName: string) {
  @ObjectType(`${nodeName}Edge`, { description: `Edge to one ${nodeName}` })
  class Edge {
    @Field(() => String, { description: 'Opaque cursor of this item' })
    cursor!: string;

    @Field(() => Node)
    node!: TNode;
  }

  @ObjectType()
  abstract class ConnectionBase {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description: 'Number of items matching the filter, over all pages (counted only when this field is asked)',
    })
    totalCount!: number | PromiseLike<number>;
  }
  return ConnectionBase;
}
