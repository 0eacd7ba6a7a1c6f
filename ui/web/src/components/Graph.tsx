import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatValue } from '../format';
import { formatDateTime } from '../time';
import { placeMarkers, tooltipLines, type AlertAnnotation } from '../annotations';

export interface GraphSeries { name: string; color: string; values: (number | null)[] }

export interface GraphProps {
  times: number[]; // ms
  series: GraphSeries[];
  height: number;
  drawStyle?: 'line' | 'bars' | 'points';
  stacked?: boolean;
  fillOpacity?: number; // 0..100
  unit?: string;
  onZoom?: (from: number, to: number) => void;
  /** Alert state changes drawn as vertical lines with a hoverable marker under the plot. */
  annotations?: AlertAnnotation[];
}

function withAlpha(hex: string, opacity: number): string {
  if (!hex.startsWith('#') || hex.length !== 7) return hex;
  const a = Math.round(Math.max(0, Math.min(1, opacity)) * 255).toString(16).padStart(2, '0');
  return hex + a;
}

/** Stacks series (cumulative sums) for bar/area stacking. */
export function stack(values: (number | null)[][]): (number | null)[][] {
  const out: (number | null)[][] = [];
  const acc: number[] = [];
  values.forEach((vals, si) => {
    out.push(vals.map((v, i) => {
      const base = si === 0 ? 0 : acc[i] ?? 0;
      const next = base + (v ?? 0);
      acc[i] = next;
      return v === null && si === 0 ? null : next;
    }));
  });
  return out;
}

/** A uPlot time-series chart; drag to select a range when onZoom is given. */
export function Graph(p: GraphProps) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const zoom = useRef(p.onZoom);
  zoom.current = p.onZoom;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const axisColor = css.getPropertyValue('--text-weak').trim() || '#8e8e8e';
    const gridColor = css.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.15)';
    const bars = p.drawStyle === 'bars';
    const data = p.stacked ? stack(p.series.map((s) => s.values)) : p.series.map((s) => s.values);
    const fill = (p.fillOpacity ?? (bars ? 80 : 10)) / 100;
    // short panels (13639's 3-row bar chart): a thin time axis and no value axis, as Grafana does
    const compact = p.height < 110;
    // stacked series are cumulative: draw the top one first so each lower one stays visible
    const order = p.series.map((_, i) => i);
    if (p.stacked) order.reverse();
    const opts: uPlot.Options = {
      width: Math.max(100, el.clientWidth),
      height: p.height,
      legend: { show: false },
      cursor: { drag: { x: !!p.onZoom, y: false }, points: { size: 6 } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor }, ...(compact ? { size: 24, font: '10px sans-serif' } : {}) },
        { show: !compact, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor }, size: 56,
          values: (_u, splits) => splits.map((v) => formatValue(v, p.unit)) },
      ],
      series: [
        {},
        ...order.map((i) => p.series[i]).map((s) => ({
          label: s.name,
          stroke: s.color,
          width: bars ? 0 : 1.5,
          fill: withAlpha(s.color, fill),
          points: { show: p.drawStyle === 'points' },
          paths: bars ? uPlot.paths.bars!({ size: [0.8, 64], align: 0 }) : undefined,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(v, p.unit),
        })),
      ],
      hooks: {
        draw: [(u) => drawAnnotations(u)],
        setCursor: [(u) => {
          const idx = u.cursor.idx;
          if (idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0) { tip.style.display = 'none'; return; }
          const t = u.data[0][idx];
          const rows = order.map((i, k) => ({ s: p.series[i], v: (p.stacked ? p.series[i].values[idx] : u.data[k + 1][idx]) as number | null }))
            .filter((r) => r.v !== null && r.v !== undefined)
            .sort((a, b) => (b.v as number) - (a.v as number))
            .slice(0, 12);
          tip.replaceChildren();
          const head = document.createElement('div');
          head.className = 'graph-tooltip-time';
          head.textContent = formatDateTime(t * 1000);
          tip.appendChild(head);
          for (const r of rows) {
            const line = document.createElement('div');
            line.className = 'graph-tooltip-row';
            const swatch = document.createElement('i');
            swatch.style.background = r.s.color;
            const name = document.createElement('span');
            name.textContent = r.s.name;
            const value = document.createElement('b');
            value.textContent = formatValue(r.v, p.unit);
            line.append(swatch, name, value);
            tip.appendChild(line);
          }
          tip.style.display = rows.length ? 'block' : 'none';
          const left = u.cursor.left + u.over.offsetLeft;
          const flip = left > el.clientWidth * 0.6;
          tip.style.left = flip ? '' : `${left + 12}px`;
          tip.style.right = flip ? `${el.clientWidth - left + 12}px` : '';
          tip.style.top = `${(u.cursor.top ?? 0) + u.over.offsetTop}px`;
        }],
        setSelect: [(u) => {
          if (u.select.width > 2 && zoom.current) {
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            zoom.current(Math.round(from * 1000), Math.round(to * 1000));
          }
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        }],
      },
    };
    const tip = document.createElement('div');
    tip.className = 'graph-tooltip';
    tip.style.display = 'none';
    // alert annotations: dashed lines on the canvas, markers (hover for details) along the plot's bottom edge
    const layer = document.createElement('div');
    layer.className = 'annotation-layer';
    const annTip = document.createElement('div');
    annTip.className = 'graph-tooltip annotation-tooltip';
    annTip.style.display = 'none';
    const drawAnnotations = (u: uPlot) => {
      const list = p.annotations ?? [];
      layer.replaceChildren();
      if (list.length === 0 || u.scales.x.min === undefined || u.scales.x.max === undefined) return;
      const width = u.over.clientWidth;
      const markers = placeMarkers(list, u.scales.x.min * 1000, u.scales.x.max * 1000, width, 3);
      const { ctx, bbox } = u;
      const ratio = bbox.width / Math.max(1, width);
      ctx.save();
      ctx.lineWidth = Math.max(1, ratio);
      ctx.setLineDash([4 * ratio, 4 * ratio]);
      for (const m of markers) {
        const x = Math.round(bbox.left + m.x * ratio) + 0.5;
        ctx.strokeStyle = m.color;
        ctx.beginPath(); ctx.moveTo(x, bbox.top); ctx.lineTo(x, bbox.top + bbox.height); ctx.stroke();
      }
      ctx.restore();
      layer.style.left = `${u.over.offsetLeft}px`;
      layer.style.top = `${u.over.offsetTop + u.over.clientHeight - 4}px`;
      layer.style.width = `${width}px`;
      for (const m of markers) {
        const mark = document.createElement('span');
        mark.className = 'annotation-marker';
        mark.dataset.kind = m.annotation.kind;
        mark.style.left = `${m.x}px`;
        mark.style.borderBottomColor = m.color;
        mark.addEventListener('mouseenter', () => {
          const t = tooltipLines(m.annotation);
          annTip.replaceChildren();
          const head = document.createElement('div');
          head.className = 'graph-tooltip-time';
          head.textContent = formatDateTime(m.annotation.time);
          const title = document.createElement('div');
          title.className = 'annotation-title';
          title.textContent = t.title;
          const state = document.createElement('div');
          state.className = 'annotation-state';
          state.style.color = m.color;
          state.textContent = t.state;
          annTip.append(head, title, state);
          for (const [k, v] of [['Value', t.value], ['Labels', t.labels]]) {
            if (!v) continue;
            const row = document.createElement('div');
            row.className = 'annotation-row';
            const key = document.createElement('span');
            key.textContent = `${k}: `;
            const val = document.createElement('b');
            val.textContent = v;
            row.append(key, val);
            annTip.appendChild(row);
          }
          const left = u.over.offsetLeft + m.x;
          const flip = left > el.clientWidth * 0.6;
          annTip.style.left = flip ? '' : `${left + 8}px`;
          annTip.style.right = flip ? `${el.clientWidth - left + 8}px` : '';
          annTip.style.top = `${Math.max(0, u.over.offsetTop + u.over.clientHeight - 90)}px`;
          annTip.style.display = 'block';
          tip.style.display = 'none';
        });
        mark.addEventListener('mouseleave', () => { annTip.style.display = 'none'; });
        layer.appendChild(mark);
      }
    };
    const u = new uPlot(opts, [p.times.map((t) => t / 1000), ...order.map((i) => data[i])] as uPlot.AlignedData, el);
    el.appendChild(tip);
    el.appendChild(layer);
    el.appendChild(annTip);
    u.over.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
    // keep the x scale on the data; uPlot zoom is replaced by onZoom
    plot.current = u;
    const ro = new ResizeObserver(() => { if (el.clientWidth > 0) u.setSize({ width: el.clientWidth, height: p.height }); });
    ro.observe(el);
    return () => { ro.disconnect(); u.destroy(); tip.remove(); layer.remove(); annTip.remove(); plot.current = null; };
  }, [p.times, p.series, p.height, p.drawStyle, p.stacked, p.fillOpacity, p.unit, p.annotations]);

  return <div class="graph" ref={ref} />;
}

export function Legend({ series, onToggle, hidden }: { series: GraphSeries[]; onToggle?: (name: string) => void; hidden?: Set<string> }) {
  return (
    <div class="legend">
      {series.map((s) => (
        <span class={`legend-item${hidden?.has(s.name) ? ' off' : ''}`} key={s.name} onClick={() => onToggle?.(s.name)} title={s.name}>
          <i style={{ background: s.color }} />{s.name}
        </span>
      ))}
    </div>
  );
}
