/** The working calendar over GraphQL: read it (everyone), keep it (ADMIN, every change audited). */
import { Arg, Ctx, Field, InputType, Int, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import { BadUserInputError, ConflictError } from '../../common/errors.js';
import { parseIsoDate } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { checkText } from '../document/document.rules.js';
import { type CalendarDayKind, deriveYear } from './calendar.rules.js';
import { calendarRepository } from './calendar.repository.js';
import { calendarService } from './calendar.service.js';
import { DateScalar } from '../../graphql/scalars.js';

enum CalendarDayKindType {
  DAY_OFF = 'DAY_OFF',
  WORKING_DAY = 'WORKING_DAY',
}
registerEnumType(CalendarDayKindType, {
  name: 'CalendarDayKind',
  description: 'Loại ngày — kind of day in the working calendar',
  valuesConfig: {
    DAY_OFF: {
      description:
        'Ngày nghỉ — a weekday off: a public holiday, a day in lieu (nghỉ bù) or a swapped day (nghỉ hoán đổi)',
    },
    WORKING_DAY: { description: 'Ngày làm bù — a Saturday or Sunday worked in exchange for a day off' },
  },
});

@ObjectType('CalendarDay', {
  description: 'Ngày trong lịch làm việc — a day that differs from the Monday to Friday week',
})
class CalendarDayType {
  @Field(() => DateScalar, { description: 'Ngày — the day' }) date!: string;
  @Field(() => CalendarDayKindType, { description: 'Loại ngày — day off or make-up working day' })
  kind!: CalendarDayKind;
  @Field(() => String, { description: 'Tên — e.g. Tết Nguyên đán, Nghỉ hoán đổi' }) name!: string;
  @Field(() => String, {
    description: 'Căn cứ — the legal source (an article of the Labour Code, a decision, an official letter)',
  })
  source!: string;
  @Field(() => Boolean, { description: 'Tạm tính — derived from the Labour Code, waiting for the decision' })
  provisional!: boolean;
}

@ObjectType('CalendarYear', { description: 'Lịch làm việc — the working calendar of one year' })
class CalendarYearType {
  @Field(() => Int, { description: 'Năm — the year' }) year!: number;
  @Field(() => Boolean, {
    description: 'Đã xác nhận — the government decision is entered; due dates in this year are final',
  })
  confirmed!: boolean;
  @Field(() => String, { nullable: true, description: 'Căn cứ — the decision that confirmed it' }) source!:
    string | null;
  @Field(() => Boolean, {
    description: 'Suy ra từ luật — nobody entered this year: its days come from the Labour Code rules, as computed now',
  })
  derived!: boolean;
  @Field(() => [CalendarDayType], {
    description: 'Các ngày khác tuần làm việc thường — the days that differ from Monday to Friday, by date',
  })
  days!: CalendarDayType[];
}

@ObjectType('CalendarStatus', { description: 'Tình trạng lịch — how far the confirmed calendar reaches' })
class CalendarStatusType {
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Giới hạn — the last day of the last confirmed year',
  })
  horizon!: string | null;
  @Field(() => Int, { nullable: true, description: 'Số ngày còn lại — days from today to the horizon' })
  daysToHorizon!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Cảnh báo — set from 60 days before the horizon: enter and confirm the next year',
  })
  warning!: string | null;
  @Field(() => [Int], { description: 'Năm đã xác nhận — years whose decision is entered' }) confirmedYears!: number[];
  @Field(() => [Int], { description: 'Năm tạm tính — years entered but not confirmed (provisional)' })
  provisionalYears!: number[];
}

@InputType('CalendarDayInput', { description: 'Ngày trong lịch — a day as the government decided it' })
class CalendarDayInput {
  @Field(() => DateScalar, { description: 'Ngày — the day' }) date!: string;
  @Field(() => CalendarDayKindType, { description: 'Loại ngày — day off or make-up working day' })
  kind!: CalendarDayKind;
  @Field(() => String, { description: 'Tên — e.g. Tết Nguyên đán, Nghỉ bù' }) name!: string;
  @Field(() => String, { description: 'Căn cứ — the decision or letter (number and date)' }) source!: string;
}

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2099)
    throw new BadUserInputError('"year" must be 2000 to 2099', { field: 'year' });
  return year;
}

async function yearOf(ctx: HubContext, year: number): Promise<CalendarYearType> {
  const row = (await calendarRepository.years(ctx.db)).find((y) => y.year === year);
  const days = row ? await calendarRepository.days(ctx.db, `${year}-01-01`, `${year}-12-31`) : deriveYear(year);
  return { year, confirmed: row?.confirmed ?? false, source: row?.source ?? null, derived: !row, days };
}

@Resolver()
export class CalendarResolver {
  @HubQuery(() => CalendarYearType, {
    description:
      'Lịch làm việc — the days off and make-up days of a year, with their sources (a year nobody entered is derived from the Labour Code)',
  })
  calendar(
    @Arg('year', () => Int, { description: 'Năm — the year' }) year: number,
    @Ctx() ctx: HubContext,
  ): Promise<CalendarYearType> {
    return yearOf(ctx, checkYear(year));
  }

  @HubQuery(() => CalendarStatusType, {
    roles: ['ADMIN', 'LEADER'],
    description: 'Tình trạng lịch — the confirmed horizon, and a warning from 60 days before it',
  })
  calendarStatus(@Ctx() ctx: HubContext): Promise<CalendarStatusType> {
    return calendarService.status(ctx.db);
  }

  @HubMutation(() => CalendarDayType, {
    roles: ['ADMIN'],
    description:
      'Đặt ngày — enter a day as decided (a day off on a weekday, or a worked weekend day), with its source; due dates computed afterwards follow it',
  })
  async setCalendarDay(
    @Arg('input', () => CalendarDayInput, { description: 'Ngày — the day, its kind and its source' })
    input: CalendarDayInput,
    @Ctx() ctx: HubContext,
  ): Promise<CalendarDayType> {
    const date = parseIsoDate(input.date).toISOString().slice(0, 10);
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    const weekend = dow === 0 || dow === 6;
    if (input.kind === 'DAY_OFF' && weekend)
      throw new BadUserInputError(
        `${date} is a ${dow === 0 ? 'Sunday' : 'Saturday'}: it is off already (a holiday on it gives a day in lieu: enter that day)`,
        { field: 'date' },
      );
    if (input.kind === 'WORKING_DAY' && !weekend)
      throw new BadUserInputError(`${date} is a weekday: it is worked already`, { field: 'date' });
    ctx.auditTargets.push(date);
    return calendarRepository.upsertDay(ctx.db, {
      date,
      kind: input.kind,
      name: checkText(input.name, 'name', 200, true)!,
      source: checkText(input.source, 'source', 500, true)!,
      provisional: false,
    });
  }

  @HubMutation(() => Boolean, {
    roles: ['ADMIN'],
    description: 'Xóa ngày — make a day an ordinary one again (worked Monday to Friday, off at the weekend)',
  })
  async removeCalendarDay(
    @Arg('date', () => DateScalar, { description: 'Ngày — the day' }) date: string,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const day = parseIsoDate(date).toISOString().slice(0, 10);
    const year = Number(day.slice(0, 4));
    if (!(await calendarRepository.years(ctx.db)).some((y) => y.year === year)) {
      // its days are derived each time they are read: there is no row to remove
      throw new BadUserInputError(
        `Nobody entered ${year} yet: deriveCalendarYear(year: ${year}) first, then change its days`,
        { field: 'date' },
      );
    }
    ctx.auditTargets.push(day);
    return (await calendarRepository.removeDay(ctx.db, day)).count > 0;
  }

  @HubMutation(() => CalendarYearType, {
    roles: ['ADMIN'],
    description:
      "Xác nhận lịch năm — the year's calendar as it stands is the decided one: its provisional days become decided, under this source",
  })
  async confirmCalendarYear(
    @Arg('year', () => Int, { description: 'Năm — the year' }) year: number,
    @Arg('source', () => String, { description: 'Căn cứ — the decision or letter (number and date)' }) source: string,
    @Ctx() ctx: HubContext,
  ): Promise<CalendarYearType> {
    checkYear(year);
    const text = checkText(source, 'source', 500, true)!;
    const rows = (await calendarRepository.years(ctx.db)).find((y) => y.year === year);
    if (!rows) {
      // never entered: what it shows (derived days, around any day entered by hand) is what is confirmed
      const entered = new Set(
        (await calendarRepository.days(ctx.db, `${year}-01-01`, `${year}-12-31`)).map((d) => d.date),
      );
      for (const d of deriveYear(year)) if (!entered.has(d.date)) await calendarRepository.upsertDay(ctx.db, d);
    }
    await ctx.db.calendarDay.updateMany({
      where: {
        provisional: true,
        date: { gte: new Date(Date.UTC(year, 0, 1)), lte: new Date(Date.UTC(year, 11, 31)) },
      },
      data: { provisional: false, source: text },
    });
    await calendarRepository.upsertYear(ctx.db, year, true, text);
    ctx.auditTargets.push(String(year));
    return yearOf(ctx, year);
  }

  @HubMutation(() => CalendarYearType, {
    roles: ['ADMIN'],
    description:
      "Suy ra lịch năm — (re)derive a year not yet confirmed from the Labour Code's rules; days entered as decided stay",
  })
  async deriveCalendarYear(
    @Arg('year', () => Int, { description: 'Năm — the year' }) year: number,
    @Ctx() ctx: HubContext,
  ): Promise<CalendarYearType> {
    checkYear(year);
    const row = (await calendarRepository.years(ctx.db)).find((y) => y.year === year);
    if (row?.confirmed) throw new ConflictError(`${year} is confirmed: change its days one by one`, { field: 'year' });
    await calendarRepository.removeProvisional(ctx.db, year);
    const decided = new Set(
      (await calendarRepository.days(ctx.db, `${year}-01-01`, `${year}-12-31`)).map((d) => d.date),
    );
    for (const d of deriveYear(year)) if (!decided.has(d.date)) await calendarRepository.upsertDay(ctx.db, d);
    await calendarRepository.upsertYear(ctx.db, year, false, null);
    ctx.auditTargets.push(String(year));
    return yearOf(ctx, year);
  }
}
