/** Relay-style connections: `edges { cursor node }`, `pageInfo`, `totalCount`. */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Thông tin trang — page information' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Có trang sau — whether more items follow this page' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Con trỏ cuối — cursor of the last item; pass it as `after` for the next page',
  })
  endCursor!: string | null;

  @Field(() => Boolean, {
    description:
      'Có trang trước — whether items come before this page: the lists that page backward (dossiers, documents, inbox, payments) say so; the others page forward only and say false',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Con trỏ đầu — cursor of the first item of this page; pass it as `before` for the page before',
  })
  startCursor!: string | null;
}

/** Paging of a forward-only list: `first` (20 by default) items `after` a cursor. */
@ArgsType()
export class ForwardArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Số mục — page size, 1 to MAX_PAGE_SIZE (100 by default)' })
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Con trỏ — the endCursor of the previous page; the page starts after it',
  })
  after?: string | null;
}

/**
 * Paging of the lists people browse (dossiers, documents, the inbox, payments): forward from the
 * newest (`first`, `after`) or backward (`last`, `before`), as Relay's connections define it.
 */
@ArgsType()
export class BrowseArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      'Số mục — page size going forward, 1 to MAX_PAGE_SIZE (100 by default); 20 when neither first nor last is given',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Sau con trỏ — the endCursor of the previous page; the page starts after it',
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Số mục cuối — page size going backward: the last items before `before`, or of the whole list',
  })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Trước con trỏ — the startCursor of the page after; the page ends just before it',
  })
  before?: string | null;
}

/** Base class of `<Node>Connection` types; the subclass gives the GraphQL name and description. */
export function Connection<TNode extends object>(Node: ClassType<TNode>, nodeName: string) {
  @ObjectType(`${nodeName}Edge`, { description: `Cạnh — one ${nodeName} of a page, with its cursor` })
  class Edge {
    @Field(() => String, { description: 'Con trỏ — opaque cursor of this item; pass it as `after`' })
    cursor!: string;

    @Field(() => Node, { description: `Đối tượng — the ${nodeName}` })
    node!: TNode;
  }

  @ObjectType()
  abstract class ConnectionBase {
    @Field(() => [Edge], { description: 'Các mục — the items of this page, each with its cursor' })
    edges!: Edge[];

    @Field(() => PageInfo, {
      description: 'Thông tin trang — whether more items follow, and the cursor to ask for them',
    })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description: 'Tổng số — items matching the filter, over all pages (counted only when this field is asked)',
    })
    totalCount!: number | PromiseLike<number>;
  }
  return ConnectionBase;
}

/**
 * The fields asked of each node of the connection this resolver returns (`edges { node { … } }`),
 * or of a relation of the node (`below`: `['document']` for `edges { node { document { … } } }`),
 * fragments included: what a list may read in its own statement instead of one more batch.
 */
export function nodeFields(info: GraphQLResolveInfo, below: string[] = []): Set<string> {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, path: string[]): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        if (path.length === 0) out.add(s.name.value);
        else if (s.name.value === path[0]) walk(s.selectionSet, path.slice(1));
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, path);
      else walk(info.fragments[s.name.value]?.selectionSet, path);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, ['edges', 'node', ...below]);
  return out;
}

/**
 * The type of a field resolver's `@Root()` parameter: `@Root() d: Parent<DossierType>`. Not the
 * class itself: type-graphql copies the root into a new instance of a class-typed parameter, on
 * every field of every row; a row is already what the resolver reads.
 */
export type Parent<T> = Readonly<T>;
