import { afterEach, describe, expect, it, vi } from 'vitest';
import { ago, formatAlertValue, formatSeconds, labelKey, loadAlerting, parseTime, toAlertingView } from '../src/alerts';

// The three answers as PLG's ruler gives them (shapes pinned by RulerHandlerTest on the Java side).
const rules = {
  status: 'success', errorType: '', error: '',
  data: { groups: [{
    name: 'python-starter-kit', file: 'seed-rules.yaml', interval: 60, limit: 0,
    lastEvaluation: '2026-11-24T12:01:00Z', evaluationTime: 0.0042,
    rules: [
      { state: 'firing', name: 'PythonStarterKitErrorRate', query: 'sum by (service) (rate({app="python-starter-kit", level="error"}[5m])) > 0.1',
        duration: 60, keepFiringFor: 0, labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.service }} errors' },
        alerts: [
          { labels: { severity: 'critical', alertname: 'PythonStarterKitErrorRate', service: 'auth' }, annotations: { summary: 'auth errors' },
            state: 'firing', activeAt: '2026-11-24T12:00:00Z', value: '5e-01' },
          { labels: { alertname: 'PythonStarterKitErrorRate', service: 'api', severity: 'critical' }, annotations: {},
            state: 'pending', activeAt: '2026-11-24T12:01:00Z', value: '2e-01' },
        ],
        health: 'ok', lastError: '', type: 'alerting', lastEvaluation: '2026-11-24T12:01:00Z', evaluationTime: 0.003 },
      { state: 'inactive', name: 'Broken', query: 'sum(rate({a="b"}[5m])) > 1', duration: 0, keepFiringFor: 0, labels: {}, annotations: {},
        alerts: [], health: 'err', lastError: 'maximum of series (500) reached for a single query', type: 'alerting',
        lastEvaluation: '2026-11-24T12:01:00Z', evaluationTime: 0.5 },
      { name: 'service:errors:rate5m', query: 'sum by (service) (rate({level="error"}[5m]))', labels: {}, health: 'unknown', lastError: '',
        type: 'recording', lastEvaluation: '0001-01-01T00:00:00Z', evaluationTime: 0 },
    ],
  }] },
};
const alerts = { status: 'success', data: { alerts: [rules.data.groups[0].rules[0].alerts![0], rules.data.groups[0].rules[0].alerts![1]] } };
const status = { status: 'success', data: { ruleFileErrors: ['rules/fake/x.yaml: bad'], deliveries: [], notifications: [
  { fingerprint: 'f1', labels: { alertname: 'PythonStarterKitErrorRate', service: 'auth', severity: 'critical' }, alertStatus: 'firing',
    time: '2026-11-24T12:01:30Z', receiver: 'slack-alerts', integration: 'slack-alerts/slack-1', status: 'firing', attempts: 8, error: 'slack answered 500' },
  { fingerprint: 'f1', labels: { alertname: 'PythonStarterKitErrorRate', service: 'auth', severity: 'critical' }, alertStatus: 'firing',
    time: '2026-11-24T12:00:30Z', receiver: 'older', integration: 'x', status: 'firing', attempts: 1, error: '' },
] } };

describe('Alerts page data', () => {
  const view = toAlertingView(rules, alerts, status);
  const [firing, broken, recording] = view.groups[0].rules;

  it('maps groups and rules with state, health and evaluation times', () => {
    expect(view.groups.map((g) => [g.file, g.name, g.interval, g.lastEvaluation, g.evaluationTime]))
      .toEqual([['seed-rules.yaml', 'python-starter-kit', 60, Date.parse('2026-11-24T12:01:00Z'), 0.0042]]);
    expect([firing.name, firing.state, firing.health, firing.duration, firing.counts]).toEqual(['PythonStarterKitErrorRate', 'firing', 'ok', 60, { firing: 1, pending: 1 }]);
    expect([broken.state, broken.health, broken.lastError]).toEqual(['inactive', 'err', 'maximum of series (500) reached for a single query']);
    expect([recording.type, recording.state, recording.lastEvaluation]).toEqual(['recording', 'inactive', null]);
    expect(view.totals).toEqual({ rules: 3, firing: 1, pending: 0, inactive: 1, errors: 1 });
    expect(view.ruleFileErrors).toEqual(['rules/fake/x.yaml: bad']);
  });

  it('maps alerts: labels, annotations, value, activeAt', () => {
    const a = firing.alerts[0];
    expect([a.state, a.value, a.valueText, a.activeAt, a.annotations]).toEqual(['firing', 0.5, '5e-01', Date.parse('2026-11-24T12:00:00Z'), { summary: 'auth errors' }]);
    expect(view.active.map((x) => [x.labels.service, x.state])).toEqual([['auth', 'firing'], ['api', 'pending']]);
  });

  it('joins each alert with its newest notification by label set, whatever the key order', () => {
    expect(firing.alerts[0].notification).toEqual({ time: Date.parse('2026-11-24T12:01:30Z'), receiver: 'slack-alerts',
      integration: 'slack-alerts/slack-1', ok: false, error: 'slack answered 500', attempts: 8, alertStatus: 'firing' });
    expect(firing.alerts[1].notification).toBeUndefined();
    expect(view.notificationsKnown).toBe(true);
  });

  it('without the PLG endpoint (a real Loki) notifications are unknown; empty ruler is empty', () => {
    expect(toAlertingView(rules, alerts, undefined).notificationsKnown).toBe(false);
    const empty = toAlertingView({ status: 'success', data: { groups: [] } }, { status: 'success', data: { alerts: [] } });
    expect([empty.groups, empty.active, empty.totals.rules]).toEqual([[], [], 0]);
  });

  it.each([
    ['0001-01-01T00:00:00Z', null], ['', null], [undefined, null], ['garbage', null], ['2026-11-24T12:00:00Z', 1795521600000],
  ])('parseTime(%j) = %j', (text, t) => expect(parseTime(text)).toBe(t));

  it.each([[0, '0s'], [0.0042, '4ms'], [0.5, '500ms'], [60, '1m'], [90, '1m 30s'], [3725, '1h 2m 5s']])('formatSeconds(%d) = %s',
    (s, text) => expect(formatSeconds(s)).toBe(text));

  const NOW = 1_000_000_000;
  it.each([[null, 'never'], [NOW - 5000, '5s ago'], [NOW - 305_000, '5m ago'], [NOW - 3 * 3600_000, '3h ago'], [NOW - 2 * 86_400_000, '2d ago']])(
    'ago(%j) = %s', (t, text) => expect(ago(t, NOW)).toBe(text));

  it.each([
    [0.9966666666666667, '9.966666666666667e-01', '0.9967'], [0.5, '5e-01', '0.5'], [0, '0e+00', '0'], [1234567, '1.234567e+06', '1.235e+6'],
    [0.00001234, '1.234e-05', '1.234e-5'], [NaN, 'NaN', 'NaN'], [Infinity, '+Inf', '+Inf'], [12, '1.2e+01', '12'],
  ])('formatAlertValue(%d) = %s', (v, raw, text) => expect(formatAlertValue(v, raw)).toBe(text));

  it('label keys ignore order', () => expect(labelKey({ b: '2', a: '1' })).toBe(labelKey({ a: '1', b: '2' })));
});

describe('loading through the data source proxy', () => {
  // a stand-in for the UI server's proxy at the fetch boundary: path -> [status, body]
  const answer = (routes: Record<string, [number, string]>) => async (url: string) => {
    const path = url.replace('/api/datasources/proxy/uid/loki', '');
    const [status, body] = routes[path] ?? [404, '404 page not found'];
    return new Response(body, { status, headers: { 'Content-Type': status === 200 ? 'application/json' : 'text/plain' } });
  };
  const ok = (body: unknown): [number, string] => [200, JSON.stringify(body)];
  afterEach(() => vi.unstubAllGlobals());

  it('reads rules, alerts and PLG status', async () => {
    vi.stubGlobal('fetch', answer({ '/prometheus/api/v1/rules': ok(rules), '/prometheus/api/v1/alerts': ok(alerts), '/plg/api/v1/alerting/status': ok(status) }));
    const v = await loadAlerting('loki');
    expect([v.groups.length, v.active.length, v.notificationsKnown]).toEqual([1, 2, true]);
  });

  it('a real Loki (no PLG status endpoint) still lists rules', async () => {
    vi.stubGlobal('fetch', answer({ '/prometheus/api/v1/rules': ok(rules), '/prometheus/api/v1/alerts': ok(alerts) }));
    const v = await loadAlerting('loki');
    expect([v.groups.length, v.notificationsKnown]).toEqual([1, false]);
  });

  it('an unreachable ruler is an error with the proxy\'s text', async () => {
    const down: [number, string] = [502, 'Cannot reach data source "Loki" at http://127.0.0.1:3100: Connection refused. Is the store running?'];
    vi.stubGlobal('fetch', answer({ '/prometheus/api/v1/rules': down, '/prometheus/api/v1/alerts': down, '/plg/api/v1/alerting/status': down }));
    await expect(loadAlerting('loki')).rejects.toThrow('Cannot reach data source "Loki"');
  });
});
