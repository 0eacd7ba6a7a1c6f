import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorView } from '@codemirror/view';
import type { Settings } from '../api';
import { LEVEL_COLORS, seriesColor } from '../colors';
import { createEditor, setDoc, showQueryError } from '../editor';
import { builtins, interpolate } from '../interpolate';
import {
  addFilter, alignSeries, firstSelector, isLogQuery, labelNames, labelValues, normalizeLevel, proxyBase, runQuery, sortRows, toLogRows, volumeQuery,
  type LogRow, type Series,
} from '../loki';
import { navigate, useUrl } from '../router';
import { calculateInterval, lokiStep, resolveRange, type RawRange, type Range } from '../time';
import { Graph, Legend } from './Graph';
import { LogsView } from './LogsView';
import { TimePicker } from './TimePicker';

const DEFAULT_QUERY = '{app="python-starter-kit"}';
const LEVEL_ORDER = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'unknown'];
/** Grafana keeps at most this many lines while live tailing. */
const LIVE_MAX_ROWS = 1000;

interface Result {
  kind: 'logs' | 'metric';
  rows: LogRow[];
  series: Series[];
  volume: Series[];
  stepMs: number;
  volumeStepMs: number;
  range: Range;
  tookMs: number;
  volumeError?: string;
}

export function Explore({ settings }: { settings: Settings }) {
  const { params } = useUrl();
  const dsUid = params.get('ds') ?? settings.defaultDatasource ?? settings.datasources[0]?.uid ?? '';
  const urlQuery = params.get('query') ?? DEFAULT_QUERY;
  const raw: RawRange = { from: params.get('from') ?? 'now-1h', to: params.get('to') ?? 'now' };
  const legendFormat = params.get('legend') ?? '';
  const [text, setText] = useState(urlQuery);
  const textRef = useRef(text);
  textRef.current = text;
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [runKey, setRunKey] = useState(0);
  const [wrap, setWrap] = useState(true);
  const [newestFirst, setNewestFirst] = useState(true);
  const [showTime, setShowTime] = useState(true);
  const [hiddenLevels, setHiddenLevels] = useState<Set<string>>(new Set());
  const [live, setLive] = useState(false);
  const [paused, setPaused] = useState(false);
  const [liveRows, setLiveRows] = useState<LogRow[]>([]);
  const [liveStatus, setLiveStatus] = useState('');
  const pausedBuffer = useRef<LogRow[]>([]);
  const pausedRef = useRef(false);
  pausedRef.current = paused;
  const editorEl = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const rangeRef = useRef<Range>(resolveRange(raw));

  const setUrl = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === undefined || v === '') next.delete(k); else next.set(k, v); }
    navigate(`/explore?${next}`, false);
  };
  const run = () => {
    const q = textRef.current.trim();
    if (!q) { setError('Enter a query first, for example {app="python-starter-kit"}.'); return; }
    if (q !== urlQuery) setUrl({ query: q, ds: dsUid }); else setRunKey((k) => k + 1);
  };
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (!editorEl.current) return;
    view.current = createEditor(editorEl.current, {
      doc: urlQuery,
      onChange: (t) => setText(t),
      onRun: () => runRef.current(),
      source: {
        labelNames: () => labelNames(dsUid, rangeRef.current),
        labelValues: (label, selector) => labelValues(dsUid, label, rangeRef.current, selector),
      },
    });
    view.current.focus();
    return () => view.current?.destroy();
  }, [dsUid]);

  useEffect(() => { if (view.current) setDoc(view.current, urlQuery); setText(urlQuery); }, [urlQuery]);

  // run the query whenever the URL (query, range) changes or the user asks again
  useEffect(() => {
    if (live) return;
    const abort = new AbortController();
    const range = resolveRange(raw);
    rangeRef.current = range;
    const query = urlQuery.trim();
    if (!query || !dsUid) return;
    setLoading(true); setError('');
    if (view.current) showQueryError(view.current, undefined);
    const started = performance.now();
    const width = editorEl.current?.clientWidth ?? 1000;
    const intervalMs = calculateInterval(range, Math.max(200, width));
    const stepMs = lokiStep(range, intervalMs);
    const rangeMs = range.to - range.from;
    const scope = builtins({ rangeMs, intervalMs, stepMs, instant: false, from: range.from, to: range.to });
    const expr = interpolate(query, scope);
    const log = isLogQuery(expr);
    const maxLines = Number(settings.datasources.find((d) => d.uid === dsUid)?.jsonData?.maxLines ?? 1000);
    const main = runQuery({ dsUid, expr, range, stepMs, instant: false, limit: maxLines, legendFormat, signal: abort.signal });
    // the volume histogram uses coarser buckets, as Grafana's logs volume does
    const volumeStep = lokiStep(range, calculateInterval(range, 120));
    const volume = log
      ? runQuery({ dsUid, expr: interpolate(volumeQuery(expr), builtins({ rangeMs, intervalMs: volumeStep, stepMs: volumeStep, instant: false, from: range.from, to: range.to })),
        range, stepMs: volumeStep, instant: false, limit: maxLines, signal: abort.signal, tags: 'Source=logvolhist' })
        .then((r) => ({ series: r.kind === 'matrix' ? r.series : [], error: undefined as string | undefined }))
        .catch((e) => ({ series: [] as Series[], error: String(e.message ?? e) }))
      : Promise.resolve({ series: [] as Series[], error: undefined });
    Promise.all([main, volume]).then(([r, v]) => {
      setResult({
        kind: r.kind === 'streams' ? 'logs' : 'metric',
        rows: r.kind === 'streams' ? r.rows : [],
        series: r.kind === 'matrix' ? r.series : r.kind === 'vector' ? r.rows.map((x) => ({ name: x.name, labels: x.labels, times: [x.time], values: [x.value] })) : [],
        volume: v.series, stepMs, volumeStepMs: volumeStep, range, tookMs: Math.round(performance.now() - started), volumeError: v.error,
      });
      setLoading(false);
    }).catch((e) => {
      if (abort.signal.aborted) return;
      const message = String(e.message ?? e);
      setError(message); setResult(undefined); setLoading(false);
      if (view.current) showQueryError(view.current, message);
    });
    return () => abort.abort();
  }, [urlQuery, raw.from, raw.to, dsUid, runKey, live, legendFormat]);

  // live tail over the data source proxy's websocket
  useEffect(() => {
    if (!live) return;
    const query = urlQuery.trim();
    setLiveRows([]); pausedBuffer.current = []; setLiveStatus('Connecting…'); setError('');
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}${proxyBase(dsUid)}/tail?query=${encodeURIComponent(query)}`);
    let opened = false;
    ws.onopen = () => { opened = true; setLiveStatus('Live: waiting for new lines'); };
    ws.onmessage = (m) => {
      try {
        const rows = toLogRows(JSON.parse(m.data).streams ?? []);
        if (pausedRef.current) { pausedBuffer.current.push(...rows); setLiveStatus(`Paused: ${pausedBuffer.current.length} new lines waiting`); return; }
        setLiveRows((prev) => [...prev, ...rows].slice(-LIVE_MAX_ROWS));
        setLiveStatus('Live');
      } catch { /* ignore malformed frame */ }
    };
    ws.onerror = () => { if (!opened) setError(`Live tail could not start for ${query}. Check the query: only log queries (no metric functions) can be tailed.`); };
    ws.onclose = (e) => {
      if (e.code !== 1000 && e.code !== 1005 && opened) setError(`Live tailing was stopped due to following error: ${e.reason || `connection closed (${e.code})`}`);
      setLiveStatus('Stopped');
    };
    return () => { ws.close(); };
  }, [live, urlQuery, dsUid]);

  const togglePause = () => {
    if (paused) { setLiveRows((prev) => [...prev, ...pausedBuffer.current].slice(-LIVE_MAX_ROWS)); pausedBuffer.current = []; setLiveStatus('Live'); } else setLiveStatus('Paused');
    setPaused(!paused);
  };

  const onFilter = (key: string, value: string, kind: 'label' | 'field', op: '=' | '!=') => {
    const next = addFilter(textRef.current, key, value, kind, op);
    if (view.current) setDoc(view.current, next);
    setUrl({ query: next, ds: dsUid });
  };

  const loadMore = async () => {
    if (!result || result.rows.length === 0) return;
    const oldest = result.rows.reduce((a, b) => (a.tsNs.length < b.tsNs.length || a.tsNs < b.tsNs ? a : b));
    const range = { ...result.range, to: oldest.time };
    setLoading(true);
    try {
      const r = await runQuery({ dsUid, expr: urlQuery, range, stepMs: result.stepMs, instant: false, limit: 1000 });
      const known = new Set(result.rows.map((x) => x.id));
      const more = r.kind === 'streams' ? r.rows.filter((x) => !known.has(x.id)) : [];
      setResult({ ...result, rows: [...result.rows, ...more] });
      if (more.length === 0) setError('No older lines in this time range.');
    } catch (e) { setError(String((e as Error).message)); }
    setLoading(false);
  };

  const rows = live ? liveRows : result?.rows ?? [];
  const shown = useMemo(() => sortRows(rows.filter((r) => !hiddenLevels.has(r.level)), live ? true : newestFirst), [rows, hiddenLevels, newestFirst, live]);
  const volumeGraph = useMemo(() => {
    if (!result || result.volume.length === 0) return undefined;
    const level = (s: Series) => normalizeLevel(s.labels.level ?? s.labels.detected_level) ?? 'unknown';
    const series = [...result.volume].sort((a, b) => LEVEL_ORDER.indexOf(level(a)) - LEVEL_ORDER.indexOf(level(b)));
    const aligned = alignSeries(series, result.range, result.volumeStepMs);
    return {
      times: aligned.times,
      series: series.map((s, i) => ({ name: s.labels.level ?? s.labels.detected_level ?? 'logs', color: LEVEL_COLORS[level(s)], values: aligned.values[i] })),
    };
  }, [result]);
  const metricGraph = useMemo(() => {
    if (!result || result.kind !== 'metric') return undefined;
    const aligned = alignSeries(result.series, result.range, result.stepMs);
    return { times: aligned.times, series: result.series.map((s, i) => ({ name: s.name, color: seriesColor(undefined, s.name, i, normalizeLevel(s.labels.level)), values: aligned.values[i] })) };
  }, [result]);
  const zoom = (from: number, to: number) => setUrl({ from: String(from), to: String(to) });
  const ds = settings.datasources.find((d) => d.uid === dsUid);

  return (
    <div class="page explore">
      <div class="toolbar">
        <h1 class="page-title">Explore</h1>
        <select class="select" aria-label="Data source" value={dsUid} onChange={(e) => setUrl({ ds: (e.target as HTMLSelectElement).value })}>
          {settings.datasources.map((d) => <option key={d.uid} value={d.uid}>{d.name}</option>)}
        </select>
        <div class="toolbar-right">
          <TimePicker value={raw} onChange={(r) => setUrl({ from: r.from, to: r.to })} onRefresh={run} loading={loading} />
          <button class={`btn ${live ? 'live-on' : ''}`} aria-pressed={live} onClick={() => { setLive(!live); setPaused(false); }}
            title="Stream new lines as they arrive (/loki/api/v1/tail)">{live ? '■ Stop' : '▶ Live'}</button>
        </div>
      </div>
      {!ds && <div class="panel-error" role="alert">No data source is provisioned. Add <code>config/grafana/provisioning/datasources/loki.yaml</code> (seed section 4.3) and restart.</div>}
      <div class="query-row">
        <div class="query-editor" ref={editorEl} aria-label="Query editor" />
        <button class="btn primary run" onClick={run} disabled={loading} title="Run query (Shift+Enter)">{loading ? <span class="spinner" /> : null} Run query</button>
      </div>
      <div class="query-options">
        <label>Legend <input class="input small" placeholder="{{service}} {{level}}" value={legendFormat} onChange={(e) => setUrl({ legend: (e.target as HTMLInputElement).value })} /></label>
        <span class="hint">Shift+Enter runs · click a field in a log line to filter by it</span>
      </div>
      {error && <div class="panel-error query-error" role="alert">⚠ {error}</div>}
      {live && (
        <div class="live-bar">
          <span class={`live-dot ${paused ? 'paused' : ''}`} /> <span class="live-status">{liveStatus}</span> · {liveRows.length} lines
          <button class="btn" onClick={togglePause}>{paused ? '▶ Resume' : '❚❚ Pause'}</button>
          <button class="btn" onClick={() => setLive(false)}>■ Stop</button>
        </div>
      )}
      {!live && loading && !result && <div class="loading-block"><span class="spinner" /> Running query…</div>}
      {!live && result && result.kind === 'metric' && metricGraph && (
        <section class="panel explore-graph" aria-label="Graph">
          <header class="panel-header"><h3 class="panel-title">Graph</h3><span class="meta">{result.series.length} series · step {result.stepMs / 1000}s · {result.tookMs} ms</span></header>
          {result.series.length === 0 ? <div class="no-data">The query returned no series. Widen the time range or relax the selector.</div> : <>
            <Graph times={metricGraph.times} series={metricGraph.series} height={300} onZoom={zoom} />
            <Legend series={metricGraph.series} />
          </>}
        </section>
      )}
      {(live || (result && result.kind === 'logs')) && (
        <section class="panel explore-logs" aria-label="Logs">
          {!live && volumeGraph && (
            <div class="volume">
              <div class="panel-header"><h3 class="panel-title">Log volume</h3></div>
              <Graph times={volumeGraph.times} series={volumeGraph.series} height={110} drawStyle="bars" stacked onZoom={zoom} />
              <Legend series={volumeGraph.series} hidden={hiddenLevels} onToggle={(n) => { const s = new Set(hiddenLevels); if (s.has(n)) s.delete(n); else s.add(n); setHiddenLevels(s); }} />
            </div>
          )}
          {!live && result?.volumeError && <div class="hint">Log volume unavailable: {result.volumeError}</div>}
          <div class="logs-controls">
            <span class="meta">{shown.length} lines{!live && result ? ` · ${result.tookMs} ms` : ''}</span>
            <label><input type="checkbox" checked={showTime} onChange={() => setShowTime(!showTime)} /> Time</label>
            <label><input type="checkbox" checked={wrap} onChange={() => setWrap(!wrap)} /> Wrap lines</label>
            {!live && <label><input type="checkbox" checked={newestFirst} onChange={() => setNewestFirst(!newestFirst)} /> Newest first</label>}
          </div>
          {shown.length === 0
            ? <div class="no-data">{live ? 'Waiting for new lines…' : 'No logs found in this time range. Widen the range, or check the label values with the editor\'s completion (type { ).'}</div>
            : <LogsView rows={shown} wrap={wrap} showTime={showTime} onFilter={onFilter} />}
          {!live && result && result.rows.length > 0 && <div class="load-more"><button class="btn" onClick={loadMore} disabled={loading}>Load older lines</button></div>}
        </section>
      )}
      {!live && !loading && !result && !error && <div class="empty-state"><h2>Query your logs</h2><p>Write a LogQL query like <code>{'{app="python-starter-kit", level="error"}'}</code> or <code>{'sum by (level) (rate({app="python-starter-kit"}[5m]))'}</code> and press Shift+Enter.</p></div>}
    </div>
  );
}

export const exploreUrlFor = (query: string, raw: RawRange, ds?: string) =>
  `/explore?${new URLSearchParams({ query, from: raw.from, to: raw.to, ...(ds ? { ds } : {}) })}`;

export { firstSelector };
