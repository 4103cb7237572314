/** Ends the run with the plain line `tests: N passed, N failed[, N skipped]` that CI reads. */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failedHere++;
        else counts.skipped++;
      }
      // a file that failed outside its tests (not loaded, a beforeAll or afterAll hook) counts as one failure
      counts.failed += failedHere || (m.state() === 'failed' ? 1 : 0);
    }
    // errors no test owns (an unhandled rejection) fail the run too
    counts.failed += unhandledErrors.length;
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`,
    );
  }
}
