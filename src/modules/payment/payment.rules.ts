/** Identifiers the hub gives one payment attempt, on either route. */
import { randomBytes } from 'node:crypto';

/** MaThamChieu (PayGov: orderId): 20 characters, unique per attempt. */
export const newReference = () =>
  `LT${Date.now().toString(36).toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`.slice(0, 20);

/**
 * PayGov's requestCode for an attempt: the attempt's id without dashes, so the callback's echo can
 * be checked without storing anything more [open: the gateway may assign its own codes].
 */
export const paygovRequestCode = (attemptId: string) => attemptId.replaceAll('-', '').toUpperCase();
