/** The sample Grafana dashboard asks only for series the hub's processes export. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics, type SharedState } from '../../src/observability/metrics.js';

describe('examples/grafana/hub-dashboard.json', () => {
  it('queries series that exist (with their histogram and process suffixes)', async () => {
    // shared state that never answers: the gauges are still declared
    const never = () => Promise.reject(new Error('not in a unit test'));
    const unreachable = new Proxy({}, { get: (_t, key) => (key === 'log' ? { debug: () => undefined } : never) });
    const names = new Set<string>();
    for (const m of [createMetrics('workers'), createMetrics('api', unreachable as unknown as SharedState)]) {
      for (const metric of await m.registry.getMetricsAsJSON()) {
        names.add(metric.name);
        if (metric.type === ('histogram' as never))
          for (const s of ['_bucket', '_sum', '_count']) names.add(metric.name + s);
      }
    }
    const dashboard = JSON.parse(readFileSync('examples/grafana/hub-dashboard.json', 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    expect(dashboard.panels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels)
      for (const { expr } of panel.targets)
        for (const [series] of expr.matchAll(/lth_[a-z0-9_]+/g))
          expect(names, `${panel.title}: ${series}`).toContain(series);
  });
});
