import { ArgsType, Field, Int } from 'type-graphql';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import { DateScalar } from '../../graphql/scalars.js';

@ArgsType()
export class AgenciesArgs {
  @Field(() => AgencyLevel, { nullable: true, description: 'Cấp — only agencies of this level' })
  level?: AgencyLevel | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cơ quan cấp trên — only direct children of the agency with this code',
  })
  parentCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Tìm kiếm — text in the name (diacritics optional) or the code' })
  search?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Hiệu lực vào ngày — only agencies valid on this day' })
  activeOn?: string | null;

  @Field(() => Int, { defaultValue: 20, description: 'Số mục — page size, 1 to MAX_PAGE_SIZE (100 by default)' })
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Con trỏ — the endCursor of the previous page; the page starts after it',
  })
  after?: string | null;
}
