/** The kinds of environment value the config's schemas share (env.ts, meetings.ts). */
import { z } from 'zod';

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.join(' or ')} URL`,
  );
