import { describe, expect, it } from 'vitest';
import { calculateInterval, describeRange, formatDuration, lokiStep, parseDuration, parseTime, resolveRange, roundInterval } from '../src/time';

const NOW = Date.UTC(2026, 1, 27, 12, 34, 56, 789);

describe('parseDuration / formatDuration', () => {
  it.each([
    ['5m', 300_000], ['1h30m', 5_400_000], ['500ms', 500], ['2d', 172_800_000], ['15s', 15_000], ['1w', 604_800_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '5', 'm5', '5 m', 'abc'])('%s is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());
  it.each([[15_000, '15s'], [60_000, '1m'], [3_600_000, '1h'], [90_000, '90s'], [250, '250ms'], [86_400_000, '1d']])('%d ms = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('parseTime', () => {
  it.each([
    ['now', NOW], ['now-6h', NOW - 6 * 3_600_000], ['now-5m', NOW - 300_000], ['now+1h', NOW + 3_600_000],
    ['1772195696789', 1772195696789],
  ])('%s', (text, expected) => expect(parseTime(text, NOW)).toBe(expected));
  it('rounds to the start and end of a day', () => {
    const start = parseTime('now/d', NOW)!; const end = parseTime('now/d', NOW, true)!;
    expect(new Date(start).getHours()).toBe(0);
    expect(end - start).toBe(86_400_000 - 1);
  });
  it('reads absolute ISO dates', () => expect(parseTime('2026-02-27T12:00:00Z', NOW)).toBe(Date.UTC(2026, 1, 27, 12)));
  it.each(['now-', 'yesterday', 'now-6x'])('refuses %s', (text) => expect(parseTime(text, NOW)).toBeUndefined());
});

describe('ranges and intervals', () => {
  it('resolves and describes', () => {
    const r = resolveRange({ from: 'now-1h', to: 'now' }, NOW);
    expect(r.to - r.from).toBe(3_600_000);
    expect(describeRange({ from: 'now-6h', to: 'now' })).toBe('Last 6 hours');
    expect(describeRange({ from: 'now-90m', to: 'now' })).toBe('now-90m to now');
  });
  it.each([[12, 10], [1_000, 1_000], [13_000, 15_000], [40_000, 30_000], [80_000, 60_000], [100_000, 120_000], [400_000, 300_000]])('roundInterval(%d) = %d', (raw, nice) => expect(roundInterval(raw)).toBe(nice));
  it('computes the panel interval and Loki step', () => {
    const r = resolveRange({ from: 'now-6h', to: 'now' }, NOW);
    // 6h / 1000 points = 21.6 s -> 20 s
    expect(calculateInterval(r, 1000)).toBe(20_000);
    expect(calculateInterval(r, 1000, '1m')).toBe(60_000);
    // Loki never gets more than 11000 points: 7d / 11000 = 54.98 s
    const week = resolveRange({ from: 'now-7d', to: 'now' }, NOW);
    expect(lokiStep(week, 1000)).toBe(54_982);
    expect(lokiStep(r, 20_000)).toBe(20_000);
  });
});
