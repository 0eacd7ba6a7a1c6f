import { useState } from 'preact/hooks';
import { QUICK_RANGES, describeRange, parseTime, resolveRange, type RawRange } from '../time';

export interface TimePickerProps {
  value: RawRange;
  onChange: (r: RawRange) => void;
  onRefresh: () => void;
  refresh?: string;
  refreshIntervals?: string[];
  onRefreshChange?: (interval: string) => void;
  loading?: boolean;
}

/** Relative ranges ("Last 1 hour"), absolute from/to, zoom out, refresh and auto-refresh. */
export function TimePicker(p: TimePickerProps) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(p.value.from);
  const [to, setTo] = useState(p.value.to);
  const [error, setError] = useState('');
  const apply = () => {
    const now = Date.now();
    const f = parseTime(from, now); const t = parseTime(to, now, true);
    if (f === undefined) { setError(`Cannot read "from": ${from}. Use now-6h, 2026-02-27 12:00:00 or epoch ms.`); return; }
    if (t === undefined) { setError(`Cannot read "to": ${to}.`); return; }
    if (f >= t) { setError('"From" must be before "to".'); return; }
    setError(''); setOpen(false); p.onChange({ from, to });
  };
  const zoomOut = () => {
    const r = resolveRange(p.value);
    const span = r.to - r.from;
    const to = Math.min(Date.now(), r.to + span / 2);
    p.onChange({ from: String(Math.round(to - span * 2)), to: String(Math.round(to)) });
  };
  return (
    <div class="timepicker">
      <button class="btn" aria-label="Time range" onClick={() => { setFrom(p.value.from); setTo(p.value.to); setOpen(!open); }}>
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5" /><path d="M8 4v4l2.5 2" fill="none" stroke="currentColor" stroke-width="1.5" /></svg>
        {describeRange(p.value)}
      </button>
      <button class="btn" title="Zoom out (time range ×2)" aria-label="Zoom out" onClick={zoomOut}>⊖</button>
      <button class={`btn ${p.loading ? 'loading' : ''}`} title="Refresh" aria-label="Refresh" onClick={p.onRefresh}>⟳</button>
      {p.onRefreshChange && (
        <select class="select" title="Auto refresh" aria-label="Auto refresh" value={p.refresh ?? ''} onChange={(e) => p.onRefreshChange!((e.target as HTMLSelectElement).value)}>
          <option value="">Off</option>
          {(p.refreshIntervals ?? ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h']).map((i) => <option key={i} value={i}>{i}</option>)}
        </select>
      )}
      {open && (
        <div class="dropdown timepicker-dropdown">
          <div class="tp-absolute">
            <div class="tp-title">Absolute time range</div>
            <label>From<input class="input" name="from" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} /></label>
            <label>To<input class="input" name="to" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} /></label>
            {error && <div class="error-text">{error}</div>}
            <button class="btn primary" onClick={apply}>Apply time range</button>
          </div>
          <div class="tp-quick">
            {QUICK_RANGES.map((q) => (
              <button key={q.label} class={`tp-option${q.from === p.value.from && q.to === p.value.to ? ' active' : ''}`}
                onClick={() => { setOpen(false); p.onChange({ from: q.from, to: q.to }); }}>{q.label}</button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
