import { APP_METRICS, METRICS_NAMESPACE, definitionOf, type AppMetricName } from '../../libs/metrics/src/app-metrics';
import { APP_METRICS_NAMESPACE, appMetrics } from '../lib/app-metrics';

// The alarms and the dashboard read what the app writes: the same names, units and breakdowns.
describe('app metrics contract', () => {
  it('names the same metrics, units and breakdown dimensions as the app emits', () => {
    expect(METRICS_NAMESPACE).toBe(APP_METRICS_NAMESPACE);
    const app = Object.keys(APP_METRICS).map((name) => {
      const definition = definitionOf(name as AppMetricName);
      return { name, unit: definition.unit, breakdown: definition.breakdown };
    });
    const deployed = Object.entries(appMetrics).map(([name, definition]: [string, { unit: string; breakdown?: string }]) => ({
      name,
      unit: definition.unit,
      breakdown: definition.breakdown,
    }));
    expect(app.sort((a, b) => a.name.localeCompare(b.name))).toEqual(deployed.sort((a, b) => a.name.localeCompare(b.name)));
  });
});
