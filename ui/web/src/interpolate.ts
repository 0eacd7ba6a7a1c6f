// Template variable substitution as Grafana does it for Loki queries.
import { formatDuration } from './time';

export interface VariableValue { value: string | string[]; multi?: boolean }
export type Scope = Record<string, VariableValue>;

/** Loki flavour of regex escaping (Grafana's lokiRegularEscape). */
export function lokiRegexEscape(v: string): string {
  return v.replace(/[\\^$*+?.()|{}[\]]/g, '\\\\$&');
}

function format(v: VariableValue, fmt: string | undefined): string {
  const values = Array.isArray(v.value) ? v.value : [v.value];
  switch (fmt) {
    case 'raw': case 'text': return values.join(',');
    case 'csv': return values.join(',');
    case 'pipe': return values.join('|');
    case 'json': return JSON.stringify(values.length === 1 && !v.multi ? values[0] : values);
    case 'doublequote': return values.map((x) => `"${x}"`).join(',');
    case 'singlequote': return values.map((x) => `'${x}'`).join(',');
    case 'queryparam': return values.map((x) => encodeURIComponent(x)).join('&');
    case 'percentencode': return encodeURIComponent(values.join(','));
    case 'regex': return values.length === 1 ? lokiRegexEscape(values[0]) : `(${values.map(lokiRegexEscape).join('|')})`;
    case 'glob': return values.length === 1 ? values[0] : `{${values.join(',')}}`;
    default:
      // Loki data source default: a single value raw, several values regex-escaped and joined with |
      if (values.length === 1 && !v.multi) return values[0];
      return values.map(lokiRegexEscape).join('|');
  }
}

/** Replaces $var, ${var}, ${var:fmt} and [[var]]; unknown names are left as they are. */
export function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]/g, (whole, a, b, fmtB, c, fmtC) => {
    const name = a ?? b ?? c;
    const v = scope[name];
    if (v === undefined) return whole;
    return format(v, fmtB ?? fmtC);
  });
}

/** Built-in variables for a query ($__interval, $__range, $__auto, ...). */
export function builtins(opts: { rangeMs: number; intervalMs: number; stepMs: number; instant: boolean; from: number; to: number }): Scope {
  const rangeS = Math.max(1, Math.round(opts.rangeMs / 1000));
  const s = (value: string): VariableValue => ({ value });
  return {
    __interval: s(formatDuration(opts.intervalMs)),
    __interval_ms: s(String(opts.intervalMs)),
    __range: s(`${rangeS}s`),
    __range_s: s(String(rangeS)),
    __range_ms: s(String(opts.rangeMs)),
    __auto: s(opts.instant ? `${rangeS}s` : formatDuration(opts.stepMs)),
    __rate_interval: s(formatDuration(Math.max(opts.intervalMs * 4, 60_000))),
    __from: s(String(opts.from)),
    __to: s(String(opts.to)),
  };
}
