// Time ranges as Grafana writes them: relative ("now-6h", "now/d", "now-7d/d") or absolute
// (ISO text or epoch milliseconds), plus Grafana's interval arithmetic.

export interface RawRange { from: string; to: string }
export interface Range { from: number; to: number; raw: RawRange } // epoch ms

const UNIT_MS: Record<string, number> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000,
};

/** Parses "5m", "1h30m", "500ms", "2d" into milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w|y|M))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y|M)/g)) total += parseFloat(m[1]) * UNIT_MS[m[2]];
  return total;
}

/** Formats milliseconds as the shortest Go/Prometheus duration ("1h", "90s", "250ms"). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  for (const [u, size] of units) if (ms % size === 0) return `${ms / size}${u}`;
  return `${Math.round(ms)}ms`;
}

function startOf(date: Date, unit: string, end: boolean): Date {
  const d = new Date(date.getTime());
  switch (unit) {
    case 'y': d.setMonth(0, 1); d.setHours(0, 0, 0, 0); if (end) d.setFullYear(d.getFullYear() + 1); break;
    case 'M': d.setDate(1); d.setHours(0, 0, 0, 0); if (end) d.setMonth(d.getMonth() + 1); break;
    case 'w': d.setDate(d.getDate() - d.getDay()); d.setHours(0, 0, 0, 0); if (end) d.setDate(d.getDate() + 7); break;
    case 'd': d.setHours(0, 0, 0, 0); if (end) d.setDate(d.getDate() + 1); break;
    case 'h': d.setMinutes(0, 0, 0); if (end) d.setHours(d.getHours() + 1); break;
    case 'm': d.setSeconds(0, 0); if (end) d.setMinutes(d.getMinutes() + 1); break;
    case 's': d.setMilliseconds(0); if (end) d.setSeconds(d.getSeconds() + 1); break;
  }
  return end ? new Date(d.getTime() - 1) : d;
}

/** Resolves one end of a range; `roundUp` is true for "to" (now/d as "to" means end of day). */
export function parseTime(text: string, now: number, roundUp = false): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d{12,14}$/.test(t)) return parseInt(t, 10); // epoch ms as Grafana writes them in URLs
  if (t.startsWith('now')) {
    let rest = t.slice(3);
    let d = new Date(now);
    while (rest.length > 0) {
      const m = /^([+-])(\d+)(ms|s|m|h|d|w|M|y)/.exec(rest);
      if (m) {
        const n = parseInt(m[2], 10) * (m[1] === '-' ? -1 : 1);
        if (m[3] === 'M') d.setMonth(d.getMonth() + n);
        else if (m[3] === 'y') d.setFullYear(d.getFullYear() + n);
        else d = new Date(d.getTime() + n * UNIT_MS[m[3]]);
        rest = rest.slice(m[0].length);
        continue;
      }
      const r = /^\/(s|m|h|d|w|M|y)/.exec(rest);
      if (r) { d = startOf(d, r[1], roundUp); rest = rest.slice(r[0].length); continue; }
      return undefined;
    }
    return d.getTime();
  }
  const iso = Date.parse(t.includes('T') || t.includes(' ') ? t.replace(' ', 'T') : t);
  return Number.isNaN(iso) ? undefined : iso;
}

export function resolveRange(raw: RawRange, now = Date.now()): Range {
  const from = parseTime(raw.from, now, false) ?? now - 3_600_000;
  const to = parseTime(raw.to, now, true) ?? now;
  return { from: Math.min(from, to - 1), to, raw };
}

export function isRelative(raw: RawRange): boolean {
  return raw.from.startsWith('now') || raw.to.startsWith('now');
}

/** "Last 6 hours" style labels for the picker button. */
export function describeRange(raw: RawRange): string {
  const quick = QUICK_RANGES.find((q) => q.from === raw.from && q.to === raw.to);
  if (quick) return quick.label;
  const show = (s: string) => (/^\d{12,14}$/.test(s) ? formatDateTime(parseInt(s, 10)) : s);
  return `${show(raw.from)} to ${show(raw.to)}`;
}

export const QUICK_RANGES: { from: string; to: string; label: string }[] = [
  { from: 'now-5m', to: 'now', label: 'Last 5 minutes' },
  { from: 'now-15m', to: 'now', label: 'Last 15 minutes' },
  { from: 'now-30m', to: 'now', label: 'Last 30 minutes' },
  { from: 'now-1h', to: 'now', label: 'Last 1 hour' },
  { from: 'now-3h', to: 'now', label: 'Last 3 hours' },
  { from: 'now-6h', to: 'now', label: 'Last 6 hours' },
  { from: 'now-12h', to: 'now', label: 'Last 12 hours' },
  { from: 'now-24h', to: 'now', label: 'Last 24 hours' },
  { from: 'now-2d', to: 'now', label: 'Last 2 days' },
  { from: 'now-7d', to: 'now', label: 'Last 7 days' },
  { from: 'now/d', to: 'now/d', label: 'Today' },
  { from: 'now-1d/d', to: 'now-1d/d', label: 'Yesterday' },
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatLogTime(ms: number): string {
  const d = new Date(ms);
  return `${formatDateTime(ms)}.${pad(d.getMilliseconds(), 3)}`;
}

// Grafana's rangeutil.roundInterval: snap a raw interval to a "nice" one.
const ROUND: [number, number][] = [
  [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000],
  [7500, 5000], [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000], [90000, 60000],
  [210000, 120000], [450000, 300000], [750000, 600000], [1050000, 900000], [1500000, 1200000],
  [2700000, 1800000], [5400000, 3600000], [9000000, 7200000], [16200000, 10800000],
  [32400000, 21600000], [86400000, 43200000], [604800000, 86400000], [1814400000, 604800000],
  [3628800000, 2592000000],
];

export function roundInterval(ms: number): number {
  for (const [limit, value] of ROUND) if (ms < limit) return value;
  return 31_536_000_000;
}

/** Grafana's panel interval: range / maxDataPoints, rounded, not below the panel's min interval. */
export function calculateInterval(range: Range, maxDataPoints: number, minInterval?: string): number {
  const min = (minInterval && parseDuration(minInterval)) || 1000;
  const raw = (range.to - range.from) / Math.max(1, maxDataPoints);
  return Math.max(min, roundInterval(raw));
}

/** Loki step as Grafana's backend computes it: max(interval, range/11000), whole ms. */
export function lokiStep(range: Range, intervalMs: number): number {
  return Math.ceil(Math.max(intervalMs, (range.to - range.from) / 11000));
}
