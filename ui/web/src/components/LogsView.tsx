import { useState } from 'preact/hooks';
import { LEVEL_COLORS } from '../colors';
import { parseJsonFields, type LogRow } from '../loki';
import { formatLogTime } from '../time';

export interface LogsViewProps {
  rows: LogRow[];
  showTime?: boolean;
  showLabels?: boolean;
  wrap?: boolean;
  enableDetails?: boolean;
  prettify?: boolean;
  onFilter?: (key: string, value: string, kind: 'label' | 'field', op: '=' | '!=') => void;
}

function Detail({ row, onFilter }: { row: LogRow; onFilter?: LogsViewProps['onFilter'] }) {
  const fields = parseJsonFields(row.line);
  const section = (title: string, entries: [string, string][], kind: 'label' | 'field') => entries.length > 0 && (
    <div class="log-detail-section">
      <div class="log-detail-title">{title}</div>
      <table class="log-detail-table">
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}>
              {onFilter && (
                <td class="log-detail-actions">
                  <button class="icon-btn" title={`Filter for ${k}="${v}"`} aria-label={`Filter for value ${k}`} onClick={() => onFilter(k, v, kind, '=')}>⊕</button>
                  <button class="icon-btn" title={`Filter out ${k}="${v}"`} aria-label={`Filter out value ${k}`} onClick={() => onFilter(k, v, kind, '!=')}>⊖</button>
                </td>
              )}
              <td class="log-detail-key">{k}</td>
              <td class="log-detail-value">
                {onFilter ? <a href="#" class="filter-link" onClick={(e) => { e.preventDefault(); onFilter(k, v, kind, '='); }}>{v}</a> : v}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div class="log-detail">
      {section('Labels', Object.entries(row.labels).sort(), 'label')}
      {fields && section('Fields (parsed from JSON)', Object.entries(fields), 'field')}
    </div>
  );
}

/** Log lines with level colour bars; click a line for labels and parsed JSON fields. */
export function LogsView(p: LogsViewProps) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => {
    if (p.enableDetails === false) return;
    const next = new Set(open);
    if (next.has(id)) next.delete(id); else next.add(id);
    setOpen(next);
  };
  return (
    <div class={`logs${p.wrap === false ? ' nowrap' : ''}`} role="log">
      {p.rows.map((row) => (
        <div class={`log-row level-${row.level}${open.has(row.id) ? ' open' : ''}`} key={row.id} data-level={row.level}>
          <div class="log-line" onClick={() => toggle(row.id)}>
            <span class="log-level-bar" style={{ background: LEVEL_COLORS[row.level] ?? LEVEL_COLORS.unknown }} title={row.level} />
            {p.showTime !== false && <span class="log-time">{formatLogTime(row.time)}</span>}
            {p.showLabels && <span class="log-labels">{Object.entries(row.labels).map(([k, v]) => `${k}=${v}`).join(' ')}</span>}
            <span class="log-text">{p.prettify && row.line.startsWith('{') ? pretty(row.line) : row.line}</span>
          </div>
          {open.has(row.id) && <Detail row={row} onFilter={p.onFilter} />}
        </div>
      ))}
    </div>
  );
}

function pretty(line: string): string {
  try { return JSON.stringify(JSON.parse(line), null, 2); } catch { return line; }
}
