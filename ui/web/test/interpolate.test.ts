import { describe, expect, it } from 'vitest';
import { builtins, interpolate, lokiRegexEscape } from '../src/interpolate';
import { applyRegex, chooseCurrent, parseCustom, parseVariableQuery, scopeOf, sortOptions, ALL } from '../src/variables';
import { reduce, formatValue } from '../src/format';

describe('interpolate', () => {
  const scope = { app: { value: 'python-starter-kit' }, search: { value: '' }, svc: { value: ['auth', 'a.b'], multi: true } };
  it.each([
    ['{app="$app"} |= "$search"', '{app="python-starter-kit"} |= ""'],
    ['{app="${app}"}', '{app="python-starter-kit"}'],
    ['{app="[[app]]"}', '{app="python-starter-kit"}'],
    ['{service=~"$svc"}', '{service=~"auth|a\\\\.b"}'],
    ['${svc:csv}', 'auth,a.b'],
    ['${svc:pipe}', 'auth|a.b'],
    ['$unknown stays', '$unknown stays'],
  ])('%s', (text, expected) => expect(interpolate(text, scope)).toBe(expected));
  it('escapes regex characters the Loki way', () => expect(lokiRegexEscape('a.b(c)')).toBe('a\\\\.b\\\\(c\\\\)'));
  it('provides built-ins for range and instant queries', () => {
    const range = builtins({ rangeMs: 21_600_000, intervalMs: 20_000, stepMs: 20_000, instant: false, from: 0, to: 21_600_000 });
    expect(interpolate('[$__interval] [$__range] [$__auto] $__interval_ms', range)).toBe('[20s] [21600s] [20s] 20000');
    const instant = builtins({ rangeMs: 3_600_000, intervalMs: 5_000, stepMs: 5_000, instant: true, from: 0, to: 3_600_000 });
    expect(interpolate('[$__auto]', instant)).toBe('[3600s]');
  });
});

describe('variables', () => {
  it.each([
    ['label_values(job)', { kind: 'label_values', label: 'job' }],
    ['label_values({app="x"}, level)', { kind: 'label_values', label: 'level', selector: '{app="x"}' }],
    ['label_names()', { kind: 'label_names' }],
    [{ type: 1, label: 'level', stream: '{app="x"}' }, { kind: 'label_values', label: 'level', selector: '{app="x"}' }],
    [{ type: 0 }, { kind: 'label_names' }],
    ['up', { kind: 'unsupported', text: 'up' }],
  ])('%j', (q, expected) => expect(parseVariableQuery(q)).toEqual(expected));
  it('parses custom values', () => {
    expect(parseCustom('a, b,c')).toEqual([{ text: 'a', value: 'a' }, { text: 'b', value: 'b' }, { text: 'c', value: 'c' }]);
    expect(parseCustom('Production : prod, Dev : dev')).toEqual([{ text: 'Production', value: 'prod' }, { text: 'Dev', value: 'dev' }]);
  });
  it('applies regex and sort', () => {
    expect(applyRegex(['api-1', 'web-2', 'api-3'], '/api-(\\d)/')).toEqual([{ text: '1', value: '1' }, { text: '3', value: '3' }]);
    expect(sortOptions([{ text: 'b', value: 'b' }, { text: 'a', value: 'a' }], 1).map((o) => o.text)).toEqual(['a', 'b']);
    expect(sortOptions([{ text: 'x10', value: '' }, { text: 'x9', value: '' }], 7).map((o) => o.text)).toEqual(['x9', 'x10']);
  });
  it('chooses the current value: URL, then JSON current, then first option', () => {
    const options = [{ text: 'a', value: 'a' }, { text: 'b', value: 'b' }];
    expect(chooseCurrent({ type: 'query' }, options, ['b'])).toEqual(['b']);
    expect(chooseCurrent({ type: 'query', current: { value: 'b' } }, options, undefined)).toEqual(['b']);
    expect(chooseCurrent({ type: 'query', current: { value: 'gone' } }, options, undefined)).toEqual(['a']);
    expect(chooseCurrent({ type: 'query', includeAll: true }, options, undefined)).toEqual([ALL]);
    expect(chooseCurrent({ type: 'textbox', query: 'def' }, [], undefined)).toEqual(['def']);
  });
  it('expands All to every value', () => {
    const scope = scopeOf([{ name: 's', label: 's', type: 'query', hide: 0, options: [{ text: 'All', value: ALL }, { text: 'a', value: 'a' }, { text: 'b', value: 'b' }], current: [ALL], multi: true, includeAll: true }], [{}]);
    expect(interpolate('{s=~"$s"}', scope)).toBe('{s=~"a|b"}');
  });
});

describe('format and reduce', () => {
  it.each([[0, '0'], [1.2345, '1.23'], [12.34, '12.3'], [1234, '1.23 K'], [2_500_000, '2.50 Mil'.replace('2.50', '2.5')], [null, '-']])('short %s', (v, text) => expect(formatValue(v as number | null)).toBe(text));
  it.each([['lastNotNull', 3], ['last', null], ['max', 5], ['min', 1], ['sum', 9], ['mean', 3], ['count', 4], ['firstNotNull', 5]])('%s', (calc, v) => expect(reduce([5, 1, 3, null], calc)).toBe(v));
});
