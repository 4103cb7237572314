/** Lịch làm việc — the working calendar: what this module brings to the hub. */
import { CalendarResolver } from './calendar.resolver.js';
import { seedCalendar } from './calendar.seed.js';
import { defineModule } from '../module.js';

export const calendarModule = defineModule({
  name: 'calendar',
  resolvers: [CalendarResolver],
  seed: seedCalendar,
});
