import { describe, expect, it } from 'vitest';
import { addFilter, alignSeries, detectLevel, firstSelector, isLogQuery, legendName, parseErrorPosition, parseJsonFields, sortRows, toLogRows, toResult, volumeQuery } from '../src/loki';

describe('isLogQuery (Grafana lezer grammar)', () => {
  it.each([
    ['{app="python-starter-kit"}', true],
    ['{app="x"} |= "error" | json | user_id="user-456"', true],
    ['rate({app="python-starter-kit"}[5m])', false],
    ['sum by (service) (count_over_time({app="x", level="error"}[$__range]))', false],
    ['sum(rate({app="x", level="error"}[5m])) by (service)', false],
    ['{app="x" | json', true],
  ])('%s -> %s', (q, log) => expect(isLogQuery(q)).toBe(log));
});

describe('legendName', () => {
  it.each([
    [{ service: 'auth', level: 'error' }, '{{service}} {{level}}', 'auth error'],
    [{ service: 'auth' }, '{{ service }}', 'auth'],
    [{ service: 'auth', level: 'info' }, '', '{level="info", service="auth"}'],
    [{}, undefined, 'Value'],
    [{ a: '1' }, '__auto', '{a="1"}'],
  ])('%j with %s', (labels, format, name) => expect(legendName(labels as Record<string, string>, format)).toBe(name));
});

describe('detectLevel', () => {
  it.each([
    [{ level: 'error' }, '', 'error'], [{ level: 'WARNING' }, '', 'warn'], [{ detected_level: 'info' }, '', 'info'],
    [{}, '{"level": "error", "event": "x"}', 'error'], [{}, 'ts=1 level=debug msg=x', 'debug'],
    [{}, '2026-02-27T12:00:00Z [warning  ] x', 'warn'], [{}, 'plain', 'unknown'], [{ level: 'fatal' }, '', 'critical'],
  ])('%j %s', (labels, line, level) => expect(detectLevel(labels as Record<string, string>, line)).toBe(level));
});

describe('responses', () => {
  it('reads streams, including categorized 3-element values', () => {
    const r = toResult({ status: 'success', data: { resultType: 'streams', encodingFlags: ['categorize-labels'], result: [
      { stream: { app: 'x', level: 'error' }, values: [['1772195696789000000', 'boom', { structuredMetadata: { trace: 't1' }, parsed: { user: 'u' } }], ['1772195696000000000', 'two']] },
    ] } });
    expect(r.kind).toBe('streams');
    if (r.kind !== 'streams') return;
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0].time).toBe(1772195696789);
    expect(r.rows[0].labels).toEqual({ app: 'x', level: 'error', trace: 't1', user: 'u' });
    expect(r.rows[0].level).toBe('error');
    expect(r.rows[0].id).not.toBe(r.rows[1].id);
  });
  it('reads matrix and vector with legendFormat', () => {
    const m = toResult({ data: { resultType: 'matrix', result: [{ metric: { service: 'auth' }, values: [[1772195690, '1.5'], [1772195705, 'NaN']] }] } }, '{{service}}');
    expect(m).toEqual({ kind: 'matrix', series: [{ name: 'auth', labels: { service: 'auth' }, times: [1772195690000, 1772195705000], values: [1.5, NaN] }] });
    const v = toResult({ data: { resultType: 'vector', result: [{ metric: { level: 'info' }, value: [1772195690.5, '42'] }] } }, '{{level}}');
    expect(v).toEqual({ kind: 'vector', rows: [{ name: 'info', labels: { level: 'info' }, value: 42, time: 1772195690500 }] });
  });
  it('refuses an answer without resultType', () => expect(() => toResult({ status: 'success', data: {} })).toThrow('without data.resultType'));
  it('aligns series with gaps', () => {
    const a = alignSeries([
      { name: 'a', labels: {}, times: [0, 1000], values: [1, 2] },
      { name: 'b', labels: {}, times: [1000, 2000], values: [3, 4] },
    ], { from: 0, to: 2000, raw: { from: '0', to: '2000' } }, 1000);
    expect(a).toEqual({ times: [0, 1000, 2000], values: [[1, 2, null], [null, 3, 4]] });
  });
  it('sorts rows by nanosecond timestamps', () => {
    const rows = toLogRows([{ stream: {}, values: [['1000000000000000001', 'b'], ['999999999999999999', 'a'], ['1000000000000000002', 'c']] }]);
    expect(sortRows(rows, true).map((r) => r.line)).toEqual(['c', 'b', 'a']);
    expect(sortRows(rows, false).map((r) => r.line)).toEqual(['a', 'b', 'c']);
  });
});

describe('parse errors and filters', () => {
  it('finds the position in Loki parse errors', () => {
    expect(parseErrorPosition('parse error at line 1, col 22: syntax error: unexpected IDENTIFIER')).toEqual({ line: 1, col: 22, text: 'syntax error: unexpected IDENTIFIER' });
    expect(parseErrorPosition('max entries limit per query exceeded')).toBeUndefined();
  });
  it.each([
    ['{app="x"}', 'service', 'auth', 'label', '=', '{app="x", service="auth"}'],
    ['{app="x"} |= "a"', 'level', 'error', 'label', '!=', '{app="x", level!="error"} |= "a"'],
    ['{app="x", service="auth"}', 'service', 'auth', 'label', '=', '{app="x", service="auth"}'],
    ['{app="x"}', 'user_id', 'user-456', 'field', '=', '{app="x"} | json | user_id="user-456"'],
    ['{app="x"} | json', 'user_id', 'u"1', 'field', '=', '{app="x"} | json | user_id="u\\"1"'],
  ] as const)('%s + %s %s', (query, key, value, kind, op, expected) => expect(addFilter(query, key, value, kind, op)).toBe(expected));
  it('flattens JSON fields like Loki\'s json parser', () => {
    expect(parseJsonFields('{"level": "error", "ctx": {"user-id": 5}, "tags": ["a"]}')).toEqual({ level: 'error', ctx_user_id: '5', tags: '["a"]' });
    expect(parseJsonFields('level=error')).toBeUndefined();
    expect(parseJsonFields('{broken')).toBeUndefined();
  });
  it('builds helper queries', () => {
    expect(firstSelector('sum(rate({app="x", level="error"}[5m]))')).toBe('{app="x", level="error"}');
    expect(volumeQuery('{app="x"} |= "a"')).toBe('sum by (level) (count_over_time({app="x"} |= "a" [$__auto]))');
  });
});
