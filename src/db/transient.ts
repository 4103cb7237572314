/**
 * A database error that says nothing about the request: the connection was terminated or lost,
 * the pool had none free, the server is starting or stopping, a serialisation conflict or a
 * deadlock. A read may be tried once more; anything else answers SERVICE_UNAVAILABLE.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034', 'P2037']);
/** SQLSTATEs: connection exceptions (08), operator intervention (57P), serialisation failure and deadlock (40), too many connections (53300). */
const SQLSTATE = /^(08\d{3}|57P0[1-4]|40001|40P01|53300)$/;
const MESSAGE =
  /terminating connection|Connection terminated|ECONNRESET|ECONNREFUSED|ETIMEDOUT|Can't reach database|closed the connection|Transaction already closed|Unable to start a transaction|is not queryable|DatabaseNotReachable|timeout exceeded when trying to connect/i;

export function isTransientDbError(error: unknown): boolean {
  type Loose = { [key: string]: Loose | undefined };
  for (let e = error as Loose | undefined, depth = 0; e && depth < 5; e = e['cause'], depth++) {
    if (PRISMA_CODES.has(String(e['code']))) return true;
    const cause = e['meta']?.['driverAdapterError']?.['cause'];
    if (
      cause &&
      (SQLSTATE.test(String(cause['originalCode'] ?? cause['code'] ?? '')) ||
        MESSAGE.test(String(cause['message'] ?? '')))
    )
      return true;
    if (SQLSTATE.test(String(e['code'] ?? ''))) return true;
    if (MESSAGE.test(`${String(e['message'] ?? '')}`)) return true;
  }
  return false;
}
