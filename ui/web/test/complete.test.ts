import { describe, expect, it } from 'vitest';
import { completionContext } from '../src/complete';

describe('completionContext', () => {
  it.each([
    ['{', { kind: 'label-name', prefix: '', selector: '{}' }],
    ['{ap', { kind: 'label-name', prefix: 'ap', selector: '{}' }],
    ['{app="x", ', { kind: 'label-name', prefix: '', selector: '{app="x"}' }],
    ['{app="x", lev', { kind: 'label-name', prefix: 'lev', selector: '{app="x"}' }],
    ['{app="', { kind: 'label-value', label: 'app', prefix: '', selector: '{}' }],
    ['{app="x", level=~"er', { kind: 'label-value', label: 'level', prefix: 'er', selector: '{app="x"}' }],
    ['{app="x"} |= "foo', { kind: 'none' }],
    ['{app="x"} | js', { kind: 'keyword', prefix: 'js' }],
    ['sum(rat', { kind: 'keyword', prefix: 'rat' }],
    ['rate({app="x"}[5m]) ', { kind: 'keyword', prefix: '' }],
  ])('%s', (before, expected) => expect(completionContext(before)).toEqual(expected));
});
