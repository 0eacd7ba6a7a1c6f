import { describe, expect, it } from 'vitest';
import { resolveDatasource, toItems, panelHeightPx } from '../src/components/Panel';
import { flattenPanels } from '../src/components/Dashboard';
import { seriesColor, PALETTE } from '../src/colors';
import { readFileSync } from 'node:fs';

const list = [
  { uid: 'loki', name: 'Loki', type: 'loki', url: '', isDefault: true, jsonData: {} },
  { uid: 'other', name: 'Other', type: 'loki', url: '', isDefault: false, jsonData: {} },
];

describe('data source references', () => {
  it.each([
    [{ type: 'loki', uid: 'other' }, 'other'], ['Other', 'other'], ['other', 'other'], [null, 'loki'], [undefined, 'loki'],
    ['${DS_LOKI}', 'loki'], ['$datasource', 'loki'], [{ uid: 'P8E80F9AEF21F6940' }, 'loki'], ['-- Mixed --', 'loki'],
  ])('%j -> %s', (ref, uid) => expect(resolveDatasource(ref, list)?.uid).toBe(uid));
});

describe('panels', () => {
  it('reduces results to items', () => {
    expect(toItems({ kind: 'vector', rows: [{ name: 'info', labels: { level: 'info' }, value: 5, time: 0 }] })).toEqual([{ name: 'info', value: 5, labels: { level: 'info' } }]);
    expect(toItems({ kind: 'matrix', series: [{ name: 's', labels: {}, times: [1, 2], values: [1, 7] }] }, 'max')).toEqual([{ name: 's', value: 7, labels: {} }]);
  });
  it('sizes panels like Grafana (30 px rows, 8 px gaps)', () => expect(panelHeightPx(8)).toBe(296));
  it('picks colours from overrides, fixed colour, then palette', () => {
    const fc = { defaults: { color: { mode: 'palette-classic' } }, overrides: [{ matcher: { id: 'byName', options: 'error' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }] }] };
    expect(seriesColor(fc, 'error', 0)).toBe('#F2495C');
    expect(seriesColor(fc, 'info', 1)).toBe(PALETTE[1]);
    expect(seriesColor({ defaults: { color: { mode: 'fixed', fixedColor: '#123456' } } }, 'x', 0)).toBe('#123456');
  });
  it('lays out the seed dashboard and 13639 (both forms)', () => {
    const seed = JSON.parse(readFileSync('../src/test/resources/dashboards/seed-python-starter-kit.json', 'utf8'));
    expect(flattenPanels(seed.panels).map((p) => p.type)).toEqual(['timeseries', 'piechart', 'barchart', 'logs']);
    const app = JSON.parse(readFileSync('../src/test/resources/dashboards/13639-logs-app.v0alpha1.json', 'utf8')).spec;
    expect(flattenPanels(app.panels).map((p) => p.type)).toEqual(['graph', 'logs']);
    expect(flattenPanels([{ type: 'row', gridPos: { y: 0 }, panels: [{ type: 'stat', gridPos: { y: 1 } }] }]).map((p) => p.type)).toEqual(['row', 'stat']);
  });
});
