// What the LogQL editor should complete at a cursor position (pure, unit tested).

export type CompletionContext =
  | { kind: 'label-name'; prefix: string; selector: string }
  | { kind: 'label-value'; label: string; prefix: string; selector: string }
  | { kind: 'keyword'; prefix: string }
  | { kind: 'none' };

/** Looks at the text before the cursor and decides between label names, label values and keywords. */
export function completionContext(before: string): CompletionContext {
  const open = before.lastIndexOf('{');
  const close = before.lastIndexOf('}');
  if (open > close) {
    const inside = before.slice(open + 1);
    // inside a quoted value: label=~"pre
    const value = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/.exec(inside);
    if (value) {
      return { kind: 'label-value', label: value[1], prefix: value[3], selector: selectorWithout(inside.slice(0, value.index)) };
    }
    const quotes = (inside.match(/"/g) ?? []).length;
    if (quotes % 2 === 1) return { kind: 'none' };
    const name = /(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)?$/.exec(inside);
    if (name) return { kind: 'label-name', prefix: name[1] ?? '', selector: selectorWithout(inside.slice(0, name.index)) };
    return { kind: 'none' };
  }
  const quotes = (before.match(/"/g) ?? []).length - (before.match(/\\"/g) ?? []).length;
  if (quotes % 2 === 1) return { kind: 'none' };
  const word = /([A-Za-z_][A-Za-z0-9_]*)$/.exec(before);
  return { kind: 'keyword', prefix: word ? word[1] : '' };
}

function selectorWithout(matchers: string): string {
  const complete = matchers.split(',').map((m) => m.trim()).filter((m) => /^[A-Za-z_]\w*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"$/.test(m));
  return `{${complete.join(', ')}}`;
}

export const LOGQL_KEYWORDS: { label: string; detail: string }[] = [
  ...['json', 'logfmt', 'pattern', 'regexp', 'unpack', 'line_format', 'label_format', 'decolorize', 'drop', 'keep', 'unwrap']
    .map((label) => ({ label, detail: 'pipeline stage' })),
  ...['rate', 'count_over_time', 'bytes_over_time', 'bytes_rate', 'sum_over_time', 'avg_over_time', 'max_over_time',
    'min_over_time', 'first_over_time', 'last_over_time', 'quantile_over_time', 'absent_over_time', 'rate_counter', 'stddev_over_time']
    .map((label) => ({ label, detail: 'range function' })),
  ...['sum', 'avg', 'min', 'max', 'count', 'topk', 'bottomk', 'stddev', 'stdvar', 'sort', 'sort_desc']
    .map((label) => ({ label, detail: 'aggregation' })),
  ...['by', 'without', 'offset', 'bool', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'vector', 'label_replace']
    .map((label) => ({ label, detail: 'keyword' })),
];
