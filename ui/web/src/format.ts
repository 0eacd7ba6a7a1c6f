// Number formatting for panels (Grafana "short" unit and a few others).
export function formatValue(v: number | null | undefined, unit?: string, decimals?: number): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (unit === 'percent') return `${fixed(v, decimals ?? 1)}%`;
  if (unit === 'percentunit') return `${fixed(v * 100, decimals ?? 1)}%`;
  if (unit === 'bytes' || unit === 'decbytes') return bytes(v, unit === 'bytes' ? 1024 : 1000);
  if (unit === 's') return `${fixed(v, decimals ?? 2)} s`;
  if (unit === 'ms') return `${fixed(v, decimals ?? 1)} ms`;
  if (unit === 'reqps') return `${short(v, decimals)} req/s`;
  return short(v, decimals);
}

function fixed(v: number, d: number): string {
  return Number(v.toFixed(d)).toString();
}

export function short(v: number, decimals?: number): string {
  const abs = Math.abs(v);
  const units = ['', ' K', ' Mil', ' Bil', ' Tri'];
  let i = 0; let x = v;
  while (Math.abs(x) >= 1000 && i < units.length - 1) { x /= 1000; i++; }
  const d = decimals ?? (abs === 0 ? 0 : Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3);
  return `${fixed(x, d)}${units[i]}`;
}

function bytes(v: number, base: number): string {
  const units = base === 1024 ? ['B', 'KiB', 'MiB', 'GiB', 'TiB'] : ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0; let x = v;
  while (Math.abs(x) >= base && i < units.length - 1) { x /= base; i++; }
  return `${fixed(x, i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Grafana reducers used by stat, bargauge, piechart (reduceOptions.calcs[0]). */
export function reduce(values: (number | null)[], calc: string): number | null {
  const nn = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  switch (calc) {
    case 'last': return values.length ? values[values.length - 1] : null;
    case 'first': return values.length ? values[0] : null;
    case 'firstNotNull': return nn.length ? nn[0] : null;
    case 'min': return nn.length ? Math.min(...nn) : null;
    case 'max': return nn.length ? Math.max(...nn) : null;
    case 'sum': return nn.reduce((a, b) => a + b, 0);
    case 'mean': return nn.length ? nn.reduce((a, b) => a + b, 0) / nn.length : null;
    case 'count': return values.length;
    case 'range': return nn.length ? Math.max(...nn) - Math.min(...nn) : null;
    case 'delta': { let d = 0; for (let i = 1; i < nn.length; i++) d += Math.max(0, nn[i] - nn[i - 1]); return d; }
    case 'diff': return nn.length ? nn[nn.length - 1] - nn[0] : null;
    case 'lastNotNull': default: return nn.length ? nn[nn.length - 1] : null;
  }
}
