/**
 * The worker's handlers, checked against the job catalog: `HandlerRegistry.check` refuses to boot
 * when a job of the catalog has no handler or two, and says what to add. Handlers come from the
 * modules' manifests (src/modules/index.ts); they are defined with `defineHandler` in each
 * module's `<name>.jobs.ts` (src/core/job-context.ts).
 */
import type { HandlerDefinition } from '../src/core/job-context.js';
import { isJobName, jobNames, type JobName } from '../src/jobs/job-catalog.js';

export class HandlerRegistry {
  private readonly byName = new Map<JobName, HandlerDefinition>();

  /** Throws one error naming every job without a handler and every job with two. */
  static check(definitions: readonly HandlerDefinition[]): HandlerRegistry {
    const registry = new HandlerRegistry();
    const problems: string[] = [];
    for (const d of definitions) {
      if (!isJobName(d.name))
        problems.push(`a handler is defined for "${d.name}", which no module's jobs declare (its <name>.jobs.ts)`);
      else if (registry.byName.has(d.name)) problems.push(`"${d.name}" has two handlers: keep one`);
      else registry.byName.set(d.name, d);
    }
    for (const name of jobNames()) {
      if (!registry.byName.has(name)) {
        problems.push(
          `"${name}" has no handler: add defineHandler('${name}', …) in its module's <name>.jobs.ts and list it in the module's handlers`,
        );
      }
    }
    if (problems.length) throw new Error(`Worker registry is incomplete:\n- ${problems.join('\n- ')}`);
    return registry;
  }

  get(name: string): HandlerDefinition | undefined {
    return this.byName.get(name as JobName);
  }
}
