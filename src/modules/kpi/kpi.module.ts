/** Chỉ số — the KPI report and targets: what this module brings to the hub. */
import { KpiResolver } from './kpi.resolver.js';
import { seedKpiTargets } from './kpi.seed.js';
import { defineModule } from '../module.js';

export const kpiModule = defineModule({
  name: 'kpi',
  resolvers: [KpiResolver],
  seed: seedKpiTargets,
});
