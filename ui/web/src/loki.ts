// Loki HTTP API through the UI's data source proxy, and conversion of answers into simple frames.
import { parser } from '@grafana/lezer-logql';
import { get, ApiError } from './api';
import type { Range } from './time';

export interface Series { name: string; labels: Record<string, string>; times: number[]; values: (number | null)[] }
export interface VectorRow { name: string; labels: Record<string, string>; value: number; time: number }
export interface LogRow {
  id: string; tsNs: string; time: number; line: string; labels: Record<string, string>; level: string;
}
export type QueryResult =
  | { kind: 'matrix'; series: Series[] }
  | { kind: 'vector'; rows: VectorRow[] }
  | { kind: 'streams'; rows: LogRow[] }
  | { kind: 'scalar'; value: number; time: number };

export const proxyBase = (dsUid: string) => `/api/datasources/proxy/uid/${encodeURIComponent(dsUid)}/loki/api/v1`;

/** True when the query is a log query (returns lines), false for metric queries. Uses Grafana's grammar. */
export function isLogQuery(query: string): boolean {
  const tree = parser.parse(query);
  const expr = tree.topNode.firstChild;
  const kind = expr?.firstChild?.name;
  if (kind === 'LogExpr') return true;
  if (kind === 'MetricExpr') return false;
  // partial or invalid text: decide by the first token
  return /^\s*\{/.test(query);
}

/** `{{label}}` substitution; empty format → `{k="v", ...}` as Grafana names series. */
export function legendName(labels: Record<string, string>, legendFormat?: string): string {
  if (legendFormat && legendFormat !== '__auto') {
    return legendFormat.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, k) => labels[k] ?? '');
  }
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return 'Value';
  return `{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}`;
}

const LEVEL_ALIASES: Record<string, string> = {
  err: 'error', eror: 'error', fatal: 'critical', crit: 'critical', critical: 'critical', panic: 'critical', emerg: 'critical', alert: 'critical',
  warning: 'warn', warn: 'warn', info: 'info', information: 'info', notice: 'info', dbug: 'debug', debug: 'debug', trace: 'trace', error: 'error',
};

/** Canonical level name (error, warn, info, ...) for a label value, or undefined. */
export function normalizeLevel(value: string | undefined): string | undefined {
  return value ? LEVEL_ALIASES[value.toLowerCase()] : undefined;
}

/** Log level as Grafana finds it: label `level`, then `detected_level`, then the line itself. */
export function detectLevel(labels: Record<string, string>, line: string): string {
  const fromLabel = labels.level ?? labels.detected_level ?? labels.severity ?? labels.lvl;
  if (fromLabel) return LEVEL_ALIASES[fromLabel.toLowerCase()] ?? 'unknown';
  const m = /"(?:level|severity|lvl)"\s*:\s*"(\w+)"|\b(?:level|lvl)=(\w+)|\[(\w+)\s*\]/i.exec(line);
  const word = m?.[1] ?? m?.[2] ?? m?.[3];
  return word ? LEVEL_ALIASES[word.toLowerCase()] ?? 'unknown' : 'unknown';
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toLogRows(streams: any[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const s of streams ?? []) {
    const base: Record<string, string> = s.stream ?? {};
    for (const v of s.values ?? []) {
      const labels = v.length > 2 && v[2] ? { ...base, ...(v[2].structuredMetadata ?? {}), ...(v[2].parsed ?? {}) } : base;
      const tsNs: string = v[0];
      const line: string = v[1];
      rows.push({ id: `${tsNs}_${hash(line + JSON.stringify(labels))}`, tsNs, time: Math.floor(Number(tsNs.slice(0, -6)) || 0), line, labels, level: detectLevel(labels, line) });
    }
  }
  return rows;
}

export function sortRows(rows: LogRow[], newestFirst: boolean): LogRow[] {
  const cmp = (a: LogRow, b: LogRow) => (a.tsNs.length - b.tsNs.length) || (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0);
  return [...rows].sort((a, b) => (newestFirst ? -cmp(a, b) : cmp(a, b)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toResult(body: any, legendFormat?: string): QueryResult {
  const data = body?.data;
  if (!data || !data.resultType) throw new ApiError(500, 'The data source answered without data.resultType');
  switch (data.resultType) {
    case 'streams': return { kind: 'streams', rows: toLogRows(data.result) };
    case 'matrix': return {
      kind: 'matrix',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      series: (data.result ?? []).map((r: any) => ({
        labels: r.metric ?? {}, name: legendName(r.metric ?? {}, legendFormat),
        times: r.values.map((p: [number, string]) => Math.round(p[0] * 1000)),
        values: r.values.map((p: [number, string]) => parseFloat(p[1])),
      })),
    };
    case 'vector': return {
      kind: 'vector',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      rows: (data.result ?? []).map((r: any) => ({ labels: r.metric ?? {}, name: legendName(r.metric ?? {}, legendFormat), value: parseFloat(r.value[1]), time: Math.round(r.value[0] * 1000) })),
    };
    case 'scalar': return { kind: 'scalar', value: parseFloat(data.result[1]), time: Math.round(data.result[0] * 1000) };
    default: throw new ApiError(500, `Unsupported resultType "${data.resultType}"`);
  }
}

/** Fills missing steps with null so graphs show gaps, and puts all series on one time axis. */
export function alignSeries(series: Series[], range: Range, stepMs: number): { times: number[]; values: (number | null)[][] } {
  const set = new Set<number>();
  for (const s of series) for (const t of s.times) set.add(t);
  if (set.size === 0 && stepMs > 0) {
    for (let t = Math.floor(range.from / stepMs) * stepMs; t <= range.to; t += stepMs) set.add(t);
  }
  const times = [...set].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = series.map((s) => {
    const out: (number | null)[] = new Array(times.length).fill(null);
    s.times.forEach((t, i) => { out[index.get(t)!] = s.values[i]; });
    return out;
  });
  return { times, values };
}

const ns = (ms: number) => `${Math.floor(ms)}000000`;

export interface RunOptions {
  dsUid: string; expr: string; range: Range; stepMs: number; instant: boolean; limit: number;
  direction?: 'backward' | 'forward'; legendFormat?: string; signal?: AbortSignal; tags?: string;
}

export async function runQuery(o: RunOptions): Promise<QueryResult> {
  const p = new URLSearchParams();
  const log = isLogQuery(o.expr);
  if (o.instant && !log) {
    p.set('direction', o.direction ?? 'backward'); p.set('limit', String(o.limit)); p.set('query', o.expr); p.set('time', ns(o.range.to));
    return toResult(await get(`${proxyBase(o.dsUid)}/query?${p}`, o.signal), o.legendFormat);
  }
  p.set('direction', o.direction ?? 'backward'); p.set('end', ns(o.range.to));
  if (log) p.set('limit', String(o.limit));
  p.set('query', o.expr); p.set('start', ns(o.range.from)); p.set('step', `${o.stepMs}ms`);
  return toResult(await get(`${proxyBase(o.dsUid)}/query_range?${p}`, o.signal), o.legendFormat);
}

export async function labelNames(dsUid: string, range: Range): Promise<string[]> {
  const p = new URLSearchParams({ start: ns(range.from), end: ns(range.to) });
  const body = await get<{ data?: string[] }>(`${proxyBase(dsUid)}/labels?${p}`);
  return (body.data ?? []).filter((n) => !n.startsWith('__')).sort();
}

export async function labelValues(dsUid: string, label: string, range: Range, selector?: string): Promise<string[]> {
  const p = new URLSearchParams({ start: ns(range.from), end: ns(range.to) });
  if (selector && selector !== '{}') p.set('query', selector);
  const body = await get<{ data?: string[] }>(`${proxyBase(dsUid)}/label/${encodeURIComponent(label)}/values?${p}`);
  return [...(body.data ?? [])].sort();
}

/** Position of a Loki parse error ("parse error at line 1, col 22: ..."), 1-based. */
export function parseErrorPosition(message: string): { line: number; col: number; text: string } | undefined {
  const m = /parse error at line (\d+), col (\d+):\s*(.*)/s.exec(message);
  return m ? { line: parseInt(m[1], 10), col: parseInt(m[2], 10), text: m[3] } : undefined;
}

/** Adds a filter for a clicked field: stream labels go into the selector, parsed fields after `| json`. */
export function addFilter(query: string, key: string, value: string, kind: 'label' | 'field', op: '=' | '!=' = '='): string {
  const quoted = JSON.stringify(value);
  if (kind === 'label') {
    const m = /^(\s*\{)([^}]*)(\})/.exec(query);
    if (m) {
      const inner = m[2].trim();
      const matcher = `${key}${op}${quoted}`;
      if (inner.includes(matcher)) return query;
      return `${m[1]}${inner ? `${inner}, ` : ''}${matcher}${m[3]}${query.slice(m[0].length)}`;
    }
  }
  const trimmed = query.trimEnd();
  const hasJson = /\|\s*json\b/.test(trimmed);
  return `${trimmed}${hasJson ? '' : ' | json'} | ${key}${op}${quoted}`;
}

/** Flat key/value fields of a JSON log line (nested keys joined with _ like Loki's json parser). */
export function parseJsonFields(line: string): Record<string, string> | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const obj = JSON.parse(line);
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
    const out: Record<string, string> = {};
    const walk = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        const key = (prefix + k).replace(/[^a-zA-Z0-9_]/g, '_');
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${key}_`);
        else out[key] = typeof v === 'string' ? v : JSON.stringify(v);
      }
    };
    walk(obj, '');
    return out;
  } catch { return undefined; }
}

/** The first stream selector of a query ({...}), used for label value completion and volume. */
export function firstSelector(query: string): string | undefined {
  const m = /\{[^{}]*\}/.exec(query);
  return m ? m[0] : undefined;
}

/** Grafana's logs volume query: count lines by level over the same log query. */
export function volumeQuery(logQuery: string): string {
  return `sum by (level) (count_over_time(${logQuery.trim()} [$__auto]))`;
}
