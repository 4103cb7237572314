import { ForwardArgs } from '../../graphql/connection.js';
import { ArgsType, Field } from 'type-graphql';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import { DateScalar } from '../../graphql/scalars.js';

@ArgsType()
export class AgenciesArgs extends ForwardArgs {
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
}
