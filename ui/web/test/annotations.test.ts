import { describe, expect, it } from 'vitest';
import { annotationsForPanel, kindOf, parseStateHistory, placeMarkers, showsAlertAnnotations, tooltipLines, type AlertAnnotation } from '../src/annotations';
import { toLogRows } from '../src/loki';
import { readFileSync } from 'node:fs';

// A query_range answer for {from="state-history"} as PLG's store gives it (lines written by the ruler's StateHistory).
const line = (previous: string, current: string, value: number | string, extra: Record<string, unknown> = {}) => JSON.stringify({
  schemaVersion: 1, previous, current, values: { A: value }, condition: 'A', dashboardUID: '', panelID: 0, fingerprint: 'f',
  ruleTitle: 'PythonStarterKitErrorRate', ruleID: 0, ruleUID: 'u1', labels: { alertname: 'PythonStarterKitErrorRate', service: 'auth', severity: 'critical' },
  ...extra,
});
const T = Date.parse('2026-11-24T12:00:00Z');
const ns = (ms: number) => `${ms}000000`;
const streams = [{
  stream: { folderUID: 'seed-rules.yaml', from: 'state-history', group: 'python-starter-kit', orgID: '1' },
  values: [
    [ns(T + 120_000), line('Alerting', 'Normal', 0.05)],
    [ns(T + 60_000), line('Pending', 'Alerting', 0.5)],
    [ns(T), line('Normal', 'Pending', 0.4)],
    [ns(T + 1), 'not json'],
  ],
}];

describe('state history → annotations', () => {
  const all = parseStateHistory(toLogRows(streams));

  it('parses Grafana LokiEntry lines oldest first, skipping other lines', () => {
    expect(all.map((a) => [a.time - T, a.kind, a.previous, a.current, a.value, a.group, a.folder])).toEqual([
      [0, 'pending', 'Normal', 'Pending', 0.4, 'python-starter-kit', 'seed-rules.yaml'],
      [60_000, 'firing', 'Pending', 'Alerting', 0.5, 'python-starter-kit', 'seed-rules.yaml'],
      [120_000, 'resolved', 'Alerting', 'Normal', 0.05, 'python-starter-kit', 'seed-rules.yaml'],
    ]);
    expect(all[0].labels).toEqual({ alertname: 'PythonStarterKitErrorRate', service: 'auth', severity: 'critical' });
  });

  it.each([
    ['Normal', 'Pending', 'pending'], ['Pending', 'Alerting', 'firing'], ['Normal', 'Alerting', 'firing'], ['Alerting', 'Normal', 'resolved'],
    ['Alerting', 'Normal (MissingSeries)', 'resolved'], ['Pending', 'Normal', 'normal'], ['Alerting (Error)', 'Normal', 'resolved'],
  ])('%s → %s is %s', (prev, cur, kind) => expect(kindOf(prev, cur)).toBe(kind));

  it('NaN values (written as "NaN") have no value', () => {
    const rows = toLogRows([{ stream: {}, values: [[ns(T), line('Alerting', 'Normal', 'NaN')]] }]);
    expect(parseStateHistory(rows)[0].value).toBeNull();
  });

  it('places markers proportionally inside the range and drops the rest', () => {
    const markers = placeMarkers(all, T - 60_000, T + 90_000, 300);
    expect(markers.map((m) => [Math.round(m.x), m.annotation.kind, m.color])).toEqual([[120, 'pending', '#FF9830'], [240, 'firing', '#F2495C']]);
    expect(placeMarkers(all, T, T, 300)).toEqual([]);
    expect(placeMarkers(all, T, T + 120_000, 0)).toEqual([]);
  });

  it('thins identical markers closer than the gap but keeps different kinds', () => {
    const same: AlertAnnotation[] = [0, 100, 200].map((dt) => ({ ...all[1], time: T + dt }));
    expect(placeMarkers(same, T, T + 1_000_000, 1000, 3)).toHaveLength(1);
    expect(placeMarkers([all[0], { ...all[1], time: T + 100 }], T, T + 1_000_000, 1000, 3)).toHaveLength(2);
  });

  it('tooltip names rule, state change, value and labels', () => {
    expect(tooltipLines(all[2])).toEqual({ title: 'PythonStarterKitErrorRate', state: 'Alerting → Normal (resolved)', value: '0.05',
      labels: 'service=auth, severity=critical' });
  });

  it('rules linked to a dashboard/panel show only there; unlinked rules everywhere', () => {
    const linked = { ...all[1], dashboardUID: 'python-starter-kit-logs', panelID: 4 };
    const dashOnly = { ...all[1], dashboardUID: 'python-starter-kit-logs', panelID: 0 };
    const list = [all[0], linked, dashOnly];
    expect(annotationsForPanel(list, 'python-starter-kit-logs', 4)).toEqual(list);
    expect(annotationsForPanel(list, 'python-starter-kit-logs', 2)).toEqual([all[0], dashOnly]);
    expect(annotationsForPanel(list, 'plg-overview', 4)).toEqual([all[0]]);
  });

  it('the built-in annotation decides: on, off with enable: false, on when the list is missing', () => {
    const builtIn = (enable: boolean) => ({ annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable, hide: true, name: 'Annotations & Alerts', type: 'dashboard' }] } });
    expect(showsAlertAnnotations(builtIn(true))).toBe(true);
    expect(showsAlertAnnotations(builtIn(false))).toBe(false);
    expect(showsAlertAnnotations({ annotations: { list: [] } })).toBe(false);
    expect(showsAlertAnnotations({})).toBe(true);
    const seed = JSON.parse(readFileSync(new URL('../../../config/grafana/provisioning/dashboards/python-starter-kit-logs.json', import.meta.url), 'utf8'));
    expect(showsAlertAnnotations(seed)).toBe(true);
  });
});
