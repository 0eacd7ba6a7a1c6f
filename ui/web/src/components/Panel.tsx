import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, type DataSourceInfo } from '../api';
import { seriesColor } from '../colors';
import { formatValue, reduce } from '../format';
import { builtins, interpolate, type Scope } from '../interpolate';
import { alignSeries, runQuery, isLogQuery, normalizeLevel, sortRows, type QueryResult, type LogRow } from '../loki';
import { calculateInterval, lokiStep, parseDuration, type Range } from '../time';
import { Graph, Legend, type GraphSeries } from './Graph';
import { annotationsForPanel, type AlertAnnotation } from '../annotations';
import { LogsView } from './LogsView';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PanelModel = any;

export interface PanelContext {
  range: Range;
  scope: Scope;
  datasources: DataSourceInfo[];
  defaultDs?: string;
  refreshKey: number;
  onZoom: (from: number, to: number) => void;
  /** Alert state changes of the dashboard's range (undefined: the dashboard shows none). */
  annotations?: AlertAnnotation[];
  dashboardUid?: string;
}

/** Resolves a panel/target data source reference (object, name, uid, "${DS_X}", null) to a provisioned one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resolveDatasource(ref: any, list: DataSourceInfo[], defaultUid?: string): DataSourceInfo | undefined {
  const fallback = list.find((d) => d.uid === defaultUid) ?? list.find((d) => d.isDefault) ?? list[0];
  if (ref === null || ref === undefined) return fallback;
  const key = typeof ref === 'string' ? ref : ref.uid;
  if (typeof key !== 'string' || key.startsWith('$') || key.startsWith('-- ')) return fallback;
  return list.find((d) => d.uid === key || d.name === key) ?? fallback;
}

export interface Item { name: string; value: number | null; labels: Record<string, string> }

/** One value per series (reduced with calcs[0]) or per instant vector row. */
export function toItems(result: QueryResult, calc = 'lastNotNull'): Item[] {
  switch (result.kind) {
    case 'vector': return result.rows.map((r) => ({ name: r.name, value: r.value, labels: r.labels }));
    case 'matrix': return result.series.map((s) => ({ name: s.name, value: reduce(s.values, calc), labels: s.labels }));
    case 'scalar': return [{ name: 'Value', value: result.value, labels: {} }];
    case 'streams': return [{ name: 'Lines', value: result.rows.length, labels: {} }];
  }
}

interface Loaded { results: QueryResult[]; stepMs: number; error?: string }

function usePanelData(panel: PanelModel, ctx: PanelContext, width: number): { data?: Loaded; loading: boolean } {
  const [data, setData] = useState<Loaded>();
  const [loading, setLoading] = useState(false);
  const targets: PanelModel[] = (panel.targets ?? []).filter((t: PanelModel) => !t.hide && typeof t.expr === 'string' && t.expr.trim());
  const panelRange = useMemo(() => {
    const shift = panel.timeFrom ? parseDuration(String(panel.timeFrom).replace(/^now-/, '')) : undefined;
    return shift ? { ...ctx.range, from: ctx.range.to - shift } : ctx.range;
  }, [ctx.range, panel.timeFrom]);
  const key = JSON.stringify([targets.map((t: PanelModel) => interpolate(t.expr, ctx.scope)), panelRange.from, panelRange.to, ctx.refreshKey, width > 0]);
  useEffect(() => {
    if (targets.length === 0 || width === 0) { setData({ results: [], stepMs: 0 }); return; }
    const abort = new AbortController();
    setLoading(true);
    const maxDataPoints = panel.maxDataPoints ?? Math.max(100, Math.round(width));
    const intervalMs = calculateInterval(panelRange, maxDataPoints, panel.interval);
    const rangeMs = panelRange.to - panelRange.from;
    Promise.all(targets.map((t: PanelModel) => {
      const ds = resolveDatasource(t.datasource ?? panel.datasource, ctx.datasources, ctx.defaultDs);
      if (!ds) return Promise.reject(new ApiError(404, 'No Loki data source is provisioned: add provisioning/datasources/loki.yaml'));
      const instant = t.queryType === 'instant' || t.instant === true;
      const explicitStep = t.step ? parseDuration(interpolate(String(t.step), builtins({ rangeMs, intervalMs, stepMs: intervalMs, instant, from: panelRange.from, to: panelRange.to }))) : undefined;
      const stepMs = lokiStep(panelRange, (explicitStep ?? intervalMs) * (t.resolution ?? 1));
      const scope = { ...ctx.scope, ...builtins({ rangeMs, intervalMs, stepMs, instant, from: panelRange.from, to: panelRange.to }) };
      const expr = interpolate(t.expr, scope);
      const maxLines = t.maxLines ?? Number(ds.jsonData?.maxLines ?? 1000);
      return runQuery({ dsUid: ds.uid, expr, range: panelRange, stepMs, instant: instant && !isLogQuery(expr), limit: maxLines,
        direction: t.direction === 'forward' ? 'forward' : 'backward', legendFormat: t.legendFormat, signal: abort.signal })
        .then((r) => ({ r, stepMs }));
    }))
      .then((all) => { setData({ results: all.map((a) => a.r), stepMs: all[0]?.stepMs ?? intervalMs }); setLoading(false); })
      .catch((e) => { if (!abort.signal.aborted) { setData({ results: [], stepMs: 0, error: String(e.message ?? e) }); setLoading(false); } });
    return () => abort.abort();
  }, [key]);
  return { data, loading };
}

const ROW_HEIGHT = 30;
const GAP = 8;
export const panelHeightPx = (h: number) => h * ROW_HEIGHT + (h - 1) * GAP;

export function PanelView({ panel, ctx, exploreHref }: { panel: PanelModel; ctx: PanelContext; exploreHref?: string }) {
  const [width, setWidth] = useState(0);
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, [el]);
  const { data, loading } = usePanelData(panel, ctx, width);
  const h = panel.gridPos?.h ?? 8;
  const bodyHeight = panelHeightPx(h) - 36;
  const title = interpolate(panel.title ?? '', ctx.scope);
  return (
    <section class={`panel${panel.transparent ? ' transparent' : ''}`} data-panel-type={panel.type} data-panel-id={panel.id} aria-label={title || panel.type}>
      <header class="panel-header">
        <h3 class="panel-title" title={panel.description ?? ''}>{title}</h3>
        {loading && <span class="spinner" aria-label="Loading" />}
        {exploreHref && <a class="panel-menu" href={exploreHref} title="Open this panel's query in Explore">Explore</a>}
      </header>
      <div class="panel-body" ref={setEl} style={{ height: `${bodyHeight}px` }}>
        {data?.error ? <div class="panel-error" role="alert">⚠ {data.error}</div>
          : data && width > 0 ? <PanelContent panel={panel} data={data} ctx={ctx} width={width} height={bodyHeight} /> : null}
      </div>
    </section>
  );
}

function NoData() {
  return <div class="no-data">No data in this time range. Try a longer range, or check that logs are being shipped.</div>;
}

function PanelContent({ panel, data, ctx, width, height }: { panel: PanelModel; data: Loaded; ctx: PanelContext; width: number; height: number }) {
  const type = panel.type === 'graph' ? 'timeseries' : panel.type;
  const fc = panel.fieldConfig ?? {};
  const unit = fc.defaults?.unit;
  const calc = panel.options?.reduceOptions?.calcs?.[0] ?? 'lastNotNull';
  const results = data.results;
  if (type === 'logs') {
    const rows: LogRow[] = results.flatMap((r) => (r.kind === 'streams' ? r.rows : []));
    if (rows.length === 0) return <NoData />;
    const o = panel.options ?? {};
    return <div class="panel-scroll" style={{ height: `${height}px` }}>
      <LogsView rows={sortRows(rows, o.sortOrder !== 'Ascending')} showTime={o.showTime !== false} showLabels={!!o.showLabels}
        wrap={o.wrapLogMessage !== false} enableDetails={o.enableLogDetails !== false} prettify={!!o.prettifyLogMessage} />
    </div>;
  }
  if (type === 'timeseries') return <TimeSeries panel={panel} data={data} ctx={ctx} height={height} />;
  const items = results.flatMap((r) => toItems(r, calc));
  if (type === 'text') return <div class="panel-text">{panel.options?.content ?? ''}</div>;
  if (items.length === 0) return <NoData />;
  const colored = items.map((it, i) => ({ ...it, color: seriesColor(fc, it.name, i, normalizeLevel(it.labels.level) ?? normalizeLevel(it.name)) }));
  switch (type) {
    case 'piechart': return <Pie items={colored} width={width} height={height} options={panel.options ?? {}} unit={unit} />;
    case 'barchart': return <BarChart items={colored} width={width} height={height} unit={unit} horizontal={panel.options?.orientation === 'horizontal'} xField={panel.options?.xField} />;
    case 'stat': return <Stat items={colored} unit={unit} height={height} />;
    case 'bargauge': case 'gauge': return <BarGauge items={colored} unit={unit} />;
    case 'table': return <Table results={results} unit={unit} />;
    default: return <div class="no-data">Panel type "{panel.type}" is not supported by PLG yet; its query still runs: <a href="/explore">open Explore</a>.</div>;
  }
}

function TimeSeries({ panel, data, ctx, height }: { panel: PanelModel; data: Loaded; ctx: PanelContext; height: number }) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const fc = panel.fieldConfig ?? {};
  const custom = fc.defaults?.custom ?? {};
  const series = data.results.flatMap((r) => (r.kind === 'matrix' ? r.series : r.kind === 'vector'
    ? r.rows.map((v) => ({ name: v.name, labels: v.labels, times: [v.time], values: [v.value] })) : []));
  const aligned = useMemo(() => alignSeries(series, ctx.range, data.stepMs), [data]);
  const legendOpts = panel.options?.legend ?? {};
  const showLegend = legendOpts.showLegend !== false && legendOpts.displayMode !== 'hidden' && height >= 120;
  const all: GraphSeries[] = series.map((s, i) => ({ name: s.name, color: seriesColor(fc, s.name, i, normalizeLevel(s.labels.level)), values: aligned.values[i] }));
  const visible = useMemo(() => all.filter((s) => !hidden.has(s.name)), [data, hidden]);
  const annotations = useMemo(() => (ctx.annotations ? annotationsForPanel(ctx.annotations, ctx.dashboardUid, panel.id) : undefined),
    [ctx.annotations, ctx.dashboardUid, panel.id]);
  if (series.length === 0 && data.results.every((r) => r.kind !== 'streams')) return <NoData />;
  const legendHeight = showLegend ? Math.min(60, 22 * Math.ceil(all.length / 4)) : 0;
  const bars = custom.drawStyle === 'bars' || panel.bars === true;
  return (
    <div>
      <Graph times={aligned.times} series={visible} height={Math.max(40, height - legendHeight - 4)}
        drawStyle={bars ? 'bars' : custom.drawStyle} fillOpacity={custom.fillOpacity}
        stacked={custom.stacking?.mode === 'normal' || panel.stack === true} unit={fc.defaults?.unit} onZoom={ctx.onZoom}
        annotations={annotations} />
      {showLegend && <Legend series={all} hidden={hidden} onToggle={(n) => { const s = new Set(hidden); if (s.has(n)) s.delete(n); else s.add(n); setHidden(s); }} />}
    </div>
  );
}

type ColoredItem = Item & { color: string };

function Pie({ items, width, height, options, unit }: { items: ColoredItem[]; width: number; height: number; options: PanelModel; unit?: string }) {
  const total = items.reduce((a, b) => a + (b.value ?? 0), 0);
  const legendRight = (options.legend?.placement ?? 'right') === 'right' && width > 360;
  const size = Math.max(60, Math.min(legendRight ? width * 0.55 : width, height - (legendRight ? 0 : 24 * Math.min(items.length, 4))) - 8);
  const r = size / 2; const inner = options.pieType === 'donut' ? r * 0.55 : 0;
  let angle = -Math.PI / 2;
  const labels: string[] = options.displayLabels ?? [];
  const values: string[] = options.legend?.values ?? [];
  const slices = items.filter((it) => (it.value ?? 0) > 0).map((it) => {
    const frac = total > 0 ? (it.value ?? 0) / total : 0;
    const a0 = angle; const a1 = angle + frac * Math.PI * 2; angle = a1;
    const large = a1 - a0 > Math.PI ? 1 : 0;
    const p = (a: number, rad: number) => `${r + rad * Math.cos(a)},${r + rad * Math.sin(a)}`;
    const path = frac >= 0.9999
      ? `M${r},0 A${r},${r} 0 1 1 ${r - 0.01},0 Z`
      : `M${inner ? p(a0, inner) : `${r},${r}`} L${p(a0, r)} A${r},${r} 0 ${large} 1 ${p(a1, r)} ${inner ? `L${p(a1, inner)} A${inner},${inner} 0 ${large} 0 ${p(a0, inner)}` : ''} Z`;
    const mid = (a0 + a1) / 2;
    const text = labels.map((l) => (l === 'percent' ? `${Math.round(frac * 100)}%` : l === 'value' ? formatValue(it.value, unit) : it.name)).join(' ');
    return { it, path, frac, lx: r + (inner ? (r + inner) / 2 : r * 0.65) * Math.cos(mid), ly: r + (inner ? (r + inner) / 2 : r * 0.65) * Math.sin(mid), text };
  });
  return (
    <div class={`pie ${legendRight ? 'pie-right' : ''}`}>
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label="pie chart">
        {slices.map((s) => <path key={s.it.name} d={s.path} fill={s.it.color} stroke="var(--panel-bg)" stroke-width="1"><title>{`${s.it.name}: ${formatValue(s.it.value, unit)} (${(s.frac * 100).toFixed(1)}%)`}</title></path>)}
        {slices.filter((s) => s.frac > 0.04 && s.text).map((s) => <text key={`t${s.it.name}`} x={s.lx} y={s.ly} class="pie-label" text-anchor="middle" dominant-baseline="middle">{s.text}</text>)}
      </svg>
      {options.legend?.showLegend !== false && (
        <div class="legend legend-table">
          {items.map((it) => (
            <div class="legend-item" key={it.name}><i style={{ background: it.color }} />{it.name}
              {values.includes('value') && <span class="legend-value">{formatValue(it.value, unit)}</span>}
              {values.includes('percent') && <span class="legend-value">{total > 0 ? `${(((it.value ?? 0) / total) * 100).toFixed(0)}%` : '-'}</span>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function BarChart({ items, width, height, unit, horizontal, xField }: { items: ColoredItem[]; width: number; height: number; unit?: string; horizontal?: boolean; xField?: string }) {
  const max = Math.max(...items.map((i) => i.value ?? 0), 0) || 1;
  const named = items.map((it) => ({ ...it, label: (xField && it.labels[xField]) || it.name || 'Value' }));
  if (horizontal) return <BarGauge items={named.map((n) => ({ ...n, name: n.label }))} unit={unit} />;
  const axis = 48; const bottom = 22; const top = 16;
  const plotW = Math.max(50, width - axis - 8); const plotH = Math.max(30, height - bottom - top);
  const slot = plotW / Math.max(1, named.length); const barW = Math.max(4, slot * 0.7);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <svg width={width} height={height} role="img" aria-label="bar chart" class="barchart">
      {ticks.map((t) => { const y = top + plotH - (t / max) * plotH; return <g key={t}><line x1={axis} x2={axis + plotW} y1={y} y2={y} class="gridline" /><text x={axis - 6} y={y} class="axis-label" text-anchor="end" dominant-baseline="middle">{formatValue(t, unit)}</text></g>; })}
      {named.map((it, i) => {
        const h = ((it.value ?? 0) / max) * plotH; const x = axis + i * slot + (slot - barW) / 2;
        return <g key={it.label}>
          <rect x={x} y={top + plotH - h} width={barW} height={h} fill={it.color} fill-opacity="0.85" rx="2"><title>{`${it.label}: ${formatValue(it.value, unit)}`}</title></rect>
          <text x={x + barW / 2} y={top + plotH - h - 4} class="bar-value" text-anchor="middle">{formatValue(it.value, unit)}</text>
          <text x={x + barW / 2} y={height - 6} class="axis-label" text-anchor="middle">{it.label.length > 18 ? `${it.label.slice(0, 17)}…` : it.label}</text>
        </g>;
      })}
    </svg>
  );
}

function Stat({ items, unit, height }: { items: ColoredItem[]; unit?: string; height: number }) {
  const size = Math.max(18, Math.min(56, height / (items.length > 2 ? 3 : 2)));
  return (
    <div class="stat-grid">
      {items.map((it) => (
        <div class="stat" key={it.name}>
          <div class="stat-value" style={{ color: it.color, fontSize: `${size}px` }}>{formatValue(it.value, unit)}</div>
          {items.length > 1 && <div class="stat-name">{it.name}</div>}
        </div>
      ))}
    </div>
  );
}

function BarGauge({ items, unit }: { items: ColoredItem[]; unit?: string }) {
  const max = Math.max(...items.map((i) => i.value ?? 0), 0) || 1;
  return (
    <div class="bargauge">
      {items.map((it) => (
        <div class="bargauge-row" key={it.name}>
          <div class="bargauge-name" title={it.name}>{it.name}</div>
          <div class="bargauge-track"><div class="bargauge-fill" style={{ width: `${((it.value ?? 0) / max) * 100}%`, background: it.color }} /></div>
          <div class="bargauge-value" style={{ color: it.color }}>{formatValue(it.value, unit)}</div>
        </div>
      ))}
    </div>
  );
}

function Table({ results, unit }: { results: QueryResult[]; unit?: string }) {
  const rows: Record<string, string>[] = [];
  for (const r of results) {
    if (r.kind === 'vector') r.rows.forEach((v) => rows.push({ ...v.labels, Value: formatValue(v.value, unit) }));
    if (r.kind === 'matrix') r.series.forEach((s) => rows.push({ ...s.labels, 'Last value': formatValue(reduce(s.values, 'lastNotNull'), unit) }));
    if (r.kind === 'streams') r.rows.forEach((l) => rows.push({ Time: new Date(l.time).toISOString(), Line: l.line }));
    if (r.kind === 'scalar') rows.push({ Value: formatValue(r.value, unit) });
  }
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div class="panel-scroll"><table class="data-table">
      <thead><tr>{cols.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i}>{cols.map((c) => <td key={c}>{r[c] ?? ''}</td>)}</tr>)}</tbody>
    </table></div>
  );
}
