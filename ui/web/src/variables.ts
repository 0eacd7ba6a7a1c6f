// Dashboard template variables: parse their definitions and produce option lists.
import type { DataSourceInfo } from './api';
import type { Scope } from './interpolate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VariableModel = any;
export interface Option { text: string; value: string }
export interface VarState { name: string; label: string; type: string; hide: number; options: Option[]; current: string[]; multi: boolean; includeAll: boolean }

export const ALL = '$__all';

export type LokiVariableQuery = { kind: 'label_names' } | { kind: 'label_values'; label: string; selector?: string } | { kind: 'unsupported'; text: string };

/** label_names(), label_values(label), label_values({selector}, label), or the object forms {type:0|1}. */
export function parseVariableQuery(q: unknown): LokiVariableQuery {
  if (q && typeof q === 'object') {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const o = q as any;
    if (o.type === 0 || o.type === '0') return { kind: 'label_names' };
    if ((o.type === 1 || o.type === '1') && o.label) return { kind: 'label_values', label: o.label, selector: o.stream || undefined };
    if (typeof o.query === 'string') return parseVariableQuery(o.query);
    return { kind: 'unsupported', text: JSON.stringify(q) };
  }
  const text = String(q ?? '').trim();
  if (/^label_names\(\s*\)$/.test(text)) return { kind: 'label_names' };
  const withSel = /^label_values\(\s*(\{.*\})\s*,\s*([A-Za-z_]\w*)\s*\)$/s.exec(text);
  if (withSel) return { kind: 'label_values', label: withSel[2], selector: withSel[1] };
  const plain = /^label_values\(\s*([A-Za-z_]\w*)\s*\)$/.exec(text);
  if (plain) return { kind: 'label_values', label: plain[1] };
  return { kind: 'unsupported', text };
}

/** "a,b,c" or "Text : value, Other : v2" as Grafana's custom variable. */
export function parseCustom(query: string): Option[] {
  return query.split(/(?<!\\),/).map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(.*?)\s+:\s+(.*)$/.exec(s);
    return m ? { text: m[1], value: m[2] } : { text: s.replace(/\\,/g, ','), value: s.replace(/\\,/g, ',') };
  });
}

/** Applies a variable's regex (named groups text/value supported) to raw values. */
export function applyRegex(values: string[], regex: string | undefined): Option[] {
  if (!regex) return values.map((v) => ({ text: v, value: v }));
  const m = /^\/(.*)\/([gimsuy]*)$/.exec(regex);
  let re: RegExp;
  try { re = m ? new RegExp(m[1], m[2]) : new RegExp(regex); } catch { return values.map((v) => ({ text: v, value: v })); }
  const out: Option[] = [];
  for (const v of values) {
    const r = re.exec(v);
    re.lastIndex = 0;
    if (!r) continue;
    const value = r.groups?.value ?? r[1] ?? r[0];
    out.push({ text: r.groups?.text ?? value, value });
  }
  return out;
}

export function sortOptions(options: Option[], sort: number | undefined): Option[] {
  const o = [...options];
  switch (sort) {
    case 1: return o.sort((a, b) => a.text.localeCompare(b.text));
    case 2: return o.sort((a, b) => b.text.localeCompare(a.text));
    case 3: return o.sort((a, b) => parseFloat(a.text) - parseFloat(b.text));
    case 4: return o.sort((a, b) => parseFloat(b.text) - parseFloat(a.text));
    case 5: return o.sort((a, b) => a.text.toLowerCase().localeCompare(b.text.toLowerCase()));
    case 6: return o.sort((a, b) => b.text.toLowerCase().localeCompare(a.text.toLowerCase()));
    case 7: return o.sort((a, b) => a.text.localeCompare(b.text, undefined, { numeric: true }));
    case 8: return o.sort((a, b) => b.text.localeCompare(a.text, undefined, { numeric: true }));
    default: return o;
  }
}

function currentFromModel(v: VariableModel): string[] {
  const value = v.current?.value;
  if (Array.isArray(value)) return value.map(String);
  if (value === undefined || value === null) return [];
  return [String(value)];
}

/** Picks the selected values: URL first, then the dashboard's `current`, then the first option. */
export function chooseCurrent(v: VariableModel, options: Option[], fromUrl: string[] | undefined): string[] {
  const wanted = fromUrl && fromUrl.length ? fromUrl : currentFromModel(v);
  if (v.type === 'textbox' || v.type === 'constant') return wanted.length ? wanted : [String(v.query ?? '')];
  const valid = wanted.filter((w) => w === ALL || options.some((o) => o.value === w));
  if (valid.length) return v.multi ? valid : [valid[0]];
  if (v.includeAll) return [ALL];
  return options.length ? [options[0].value] : [];
}

/** Scope entries for interpolation; "All" expands to allValue or every option. */
export function scopeOf(states: VarState[], models: VariableModel[]): Scope {
  const scope: Scope = {};
  states.forEach((s, i) => {
    const model = models[i] ?? {};
    if (s.current.includes(ALL)) {
      scope[s.name] = model.allValue ? { value: model.allValue } : { value: s.options.filter((o) => o.value !== ALL).map((o) => o.value), multi: true };
    } else {
      scope[s.name] = { value: s.multi ? s.current : (s.current[0] ?? ''), multi: s.multi && s.current.length > 1 };
    }
  });
  return scope;
}

export function datasourceOptions(v: VariableModel, list: DataSourceInfo[]): Option[] {
  return list.filter((d) => d.type === (v.query ?? 'loki')).map((d) => ({ text: d.name, value: d.uid }));
}
