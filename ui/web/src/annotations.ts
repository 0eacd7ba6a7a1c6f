// Alert annotations on dashboard graphs, as Grafana's built-in "Annotations & Alerts" shows them.
// The source is alert state history in Grafana's Loki format: streams {from="state-history"} whose lines are
// JSON {previous, current, values, ruleTitle, ruleUID, dashboardUID, panelID, labels, ...}. PLG's ruler
// writes them into its store; Grafana writes the same into a real Loki.
import type { LogRow } from './loki';

export const STATE_HISTORY_QUERY = '{from="state-history"}';
/** Most transitions drawn per dashboard (one query per refresh). */
export const STATE_HISTORY_LIMIT = 5000;

export type AnnotationKind = 'pending' | 'firing' | 'resolved' | 'normal';

export interface AlertAnnotation {
  time: number; // ms
  ruleTitle: string; ruleUID: string; group: string; folder: string;
  labels: Record<string, string>;
  previous: string; current: string; kind: AnnotationKind;
  value: number | null;
  dashboardUID: string; panelID: number;
}

/** Grafana's state colours: pending orange, alerting red, back to normal green. */
export const ANNOTATION_COLORS: Record<AnnotationKind, string> = {
  pending: '#FF9830', firing: '#F2495C', resolved: '#73BF69', normal: '#8E8E8E',
};

// Grafana formats a state as "Alerting", "Pending", "Normal", optionally with a reason: "Normal (MissingSeries)".
const baseState = (s: string) => s.replace(/\s*\(.*\)\s*$/, '').trim();

export function kindOf(previous: string, current: string): AnnotationKind {
  const cur = baseState(current);
  if (cur === 'Alerting') return 'firing';
  if (cur === 'Pending') return 'pending';
  if (cur === 'Normal' && baseState(previous) === 'Alerting') return 'resolved';
  return 'normal';
}

/** Parses state-history log rows; lines that are not Grafana's JSON entry are skipped. Oldest first. */
export function parseStateHistory(rows: LogRow[]): AlertAnnotation[] {
  const out: AlertAnnotation[] = [];
  for (const r of rows) {
    let e;
    try { e = JSON.parse(r.line); } catch { continue; }
    if (!e || typeof e !== 'object' || typeof e.current !== 'string') continue;
    const values = e.values && typeof e.values === 'object' ? Object.values(e.values) : [];
    const first = values.length ? Number(values[0]) : NaN;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.labels ?? {})) labels[k] = String(v);
    out.push({
      time: r.time, ruleTitle: String(e.ruleTitle ?? labels.alertname ?? ''), ruleUID: String(e.ruleUID ?? ''),
      group: r.labels.group ?? '', folder: r.labels.folderUID ?? '', labels,
      previous: String(e.previous ?? ''), current: e.current, kind: kindOf(String(e.previous ?? ''), e.current),
      value: Number.isFinite(first) ? first : null,
      dashboardUID: String(e.dashboardUID ?? ''), panelID: Number(e.panelID ?? 0) || 0,
    });
  }
  return out.sort((a, b) => a.time - b.time);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dashboard = any;

/**
 * Whether the dashboard shows alert annotations: its built-in annotation (`builtIn: 1`) is enabled.
 * A dashboard without an annotation list gets the built-in one, as Grafana adds it on load.
 */
export function showsAlertAnnotations(dashboard: Dashboard): boolean {
  const list = dashboard?.annotations?.list;
  if (!Array.isArray(list)) return true;
  const builtIn = list.find((a: Dashboard) => a && (a.builtIn === 1 || a.builtIn === true));
  return !!builtIn && builtIn.enable !== false;
}

/**
 * The annotations one panel shows: a rule linked to a dashboard (annotation `__dashboardUid__`, and
 * `__panelId__`) only there; an unlinked rule (every Loki ruler rule unless linked) on every graph.
 */
export function annotationsForPanel(all: AlertAnnotation[], dashboardUid: string | undefined, panelId: number | undefined): AlertAnnotation[] {
  return all.filter((a) => (!a.dashboardUID || a.dashboardUID === dashboardUid) && (!a.panelID || !a.dashboardUID || a.panelID === panelId));
}

export interface Marker { x: number; annotation: AlertAnnotation; color: string }

/**
 * Horizontal positions (CSS px from the plot's left edge) of the annotations inside [from, to] ms,
 * for a plot `width` px wide. Markers closer than `minGapPx` to the previous one are dropped unless
 * they are a different kind (so a burst of identical transitions does not paint a solid bar).
 */
export function placeMarkers(annotations: AlertAnnotation[], from: number, to: number, width: number, minGapPx = 0): Marker[] {
  if (!(to > from) || width <= 0) return [];
  const out: Marker[] = [];
  for (const a of annotations) {
    if (a.time < from || a.time > to) continue;
    const x = ((a.time - from) / (to - from)) * width;
    const prev = out[out.length - 1];
    if (prev && x - prev.x < minGapPx && prev.annotation.kind === a.kind) continue;
    out.push({ x, annotation: a, color: ANNOTATION_COLORS[a.kind] });
  }
  return out;
}

/** Tooltip lines: rule, state change, value, labels (alertname left out: it is the rule). */
export function tooltipLines(a: AlertAnnotation): { title: string; state: string; value: string; labels: string } {
  const labels = Object.keys(a.labels).filter((k) => k !== 'alertname').sort().map((k) => `${k}=${a.labels[k]}`).join(', ');
  const state = a.kind === 'resolved' ? `${a.previous} → ${a.current} (resolved)` : `${a.previous} → ${a.current}`;
  return { title: a.ruleTitle, state, value: a.value === null ? '' : String(a.value), labels };
}
