import { ArgsType, Field, Int } from 'type-graphql';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import { DateScalar } from '../../graphql/scalars.js';

@ArgsType()
export class AgenciesArgs {
  @Field(() => AgencyLevel, { nullable: true, description: 'Only agencies of this level' })
  level?: AgencyLevel | null;

  @Field(() => String, { nullable: true, description: 'Only direct children of the agency with this code' })
  parentCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Text in the name (diacritics optional) or the code' })
  search?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only agencies valid on this date (yyyy-MM-dd)' })
  activeOn?: string | null;

  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to MAX_PAGE_SIZE (default 100)' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts' })
  after?: string | null;
}
