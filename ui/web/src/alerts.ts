// The Alerts page's data: the Loki data source's ruler as Grafana reads it (/prometheus/api/v1/rules and
// /prometheus/api/v1/alerts through the data source proxy) plus PLG's /plg/api/v1/alerting/status for
// each alert's last notification (a real Loki has no such endpoint: the page then shows no notifications).
import { ApiError, get } from './api';

export type AlertStateName = 'inactive' | 'pending' | 'firing';

export interface Notification {
  time: number; receiver: string; integration: string; ok: boolean; error: string; attempts: number; alertStatus: string;
}

export interface AlertView {
  key: string; labels: Record<string, string>; annotations: Record<string, string>; state: AlertStateName;
  activeAt: number | null; value: number; valueText: string; notification?: Notification;
}

export interface RuleView {
  group: string; file: string; name: string; type: 'alerting' | 'recording'; state: AlertStateName; health: string;
  lastError: string; lastEvaluation: number | null; evaluationTime: number; query: string; duration: number;
  labels: Record<string, string>; annotations: Record<string, string>; alerts: AlertView[];
  counts: { firing: number; pending: number };
}

export interface GroupView {
  name: string; file: string; interval: number; lastEvaluation: number | null; evaluationTime: number; rules: RuleView[];
}

export interface AlertingView {
  groups: GroupView[];
  /** Active alerts from /prometheus/api/v1/alerts. */
  active: AlertView[];
  totals: { rules: number; firing: number; pending: number; inactive: number; errors: number };
  ruleFileErrors: string[];
  /** False when the data source has no PLG status endpoint (a real Loki): notifications are unknown. */
  notificationsKnown: boolean;
}

/** Prometheus' zero time ("0001-01-01T00:00:00Z") means "never evaluated". */
export function parseTime(text: unknown): number | null {
  if (typeof text !== 'string' || !text || text.startsWith('0001-01-01')) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

/** A label set's identity, independent of key order. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

const strings = (o: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) out[k] = String(v);
  return out;
};

const STATES: AlertStateName[] = ['inactive', 'pending', 'firing'];
const stateOf = (s: unknown): AlertStateName => (STATES.includes(s as AlertStateName) ? (s as AlertStateName) : 'inactive');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAlert(a: any, notifications: Map<string, Notification>): AlertView {
  const labels = strings(a.labels);
  const key = labelKey(labels);
  const valueText = String(a.value ?? '');
  return {
    key, labels, annotations: strings(a.annotations), state: stateOf(a.state), activeAt: parseTime(a.activeAt),
    value: parseFloat(valueText), valueText, notification: notifications.get(key),
  };
}

/** Each alert's last notification from PLG's status answer, by label set. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toNotifications(status: any): Map<string, Notification> {
  const out = new Map<string, Notification>();
  for (const n of status?.data?.notifications ?? []) {
    const key = labelKey(strings(n.labels));
    if (out.has(key)) continue; // newest first
    out.set(key, {
      time: parseTime(n.time) ?? 0, receiver: String(n.receiver ?? ''), integration: String(n.integration ?? ''),
      ok: !n.error, error: String(n.error ?? ''), attempts: Number(n.attempts ?? 0), alertStatus: String(n.alertStatus ?? ''),
    });
  }
  return out;
}

/** Maps the three answers into the page's model. `status` is undefined when the endpoint does not exist. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toAlertingView(rulesBody: any, alertsBody: any, status?: any): AlertingView {
  const notifications = toNotifications(status);
  const totals = { rules: 0, firing: 0, pending: 0, inactive: 0, errors: 0 };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const groups: GroupView[] = (rulesBody?.data?.groups ?? []).map((g: any) => ({
    name: String(g.name ?? ''), file: String(g.file ?? ''), interval: Number(g.interval ?? 0),
    lastEvaluation: parseTime(g.lastEvaluation), evaluationTime: Number(g.evaluationTime ?? 0),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    rules: (g.rules ?? []).map((r: any): RuleView => {
      const alerts = (r.alerts ?? []).map((a: unknown) => toAlert(a, notifications));
      const rule: RuleView = {
        group: String(g.name ?? ''), file: String(g.file ?? ''), name: String(r.name ?? ''),
        type: r.type === 'recording' ? 'recording' : 'alerting', state: stateOf(r.state), health: String(r.health ?? 'unknown'),
        lastError: String(r.lastError ?? ''), lastEvaluation: parseTime(r.lastEvaluation), evaluationTime: Number(r.evaluationTime ?? 0),
        query: String(r.query ?? ''), duration: Number(r.duration ?? 0), labels: strings(r.labels), annotations: strings(r.annotations),
        alerts,
        counts: {
          firing: alerts.filter((a: AlertView) => a.state === 'firing').length,
          pending: alerts.filter((a: AlertView) => a.state === 'pending').length,
        },
      };
      totals.rules++;
      if (rule.health === 'err') totals.errors++;
      if (rule.type === 'alerting') totals[rule.state]++;
      return rule;
    }),
  }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const active = (alertsBody?.data?.alerts ?? []).map((a: any) => toAlert(a, notifications));
  const ruleFileErrors = (status?.data?.ruleFileErrors ?? []).map(String);
  return { groups, active, totals, ruleFileErrors, notificationsKnown: status !== undefined };
}

export const rulerBase = (dsUid: string) => `/api/datasources/proxy/uid/${encodeURIComponent(dsUid)}`;

/** Loads the ruler's view of the data source; throws ApiError when the ruler is unreachable. */
export async function loadAlerting(dsUid: string, signal?: AbortSignal): Promise<AlertingView> {
  const base = rulerBase(dsUid);
  const [rules, alerts, status] = await Promise.all([
    get(`${base}/prometheus/api/v1/rules`, signal),
    get(`${base}/prometheus/api/v1/alerts`, signal),
    get(`${base}/plg/api/v1/alerting/status`, signal).catch((e) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return undefined; // a real Loki
      throw e;
    }),
  ]);
  return toAlertingView(rules, alerts, status);
}

/** An alert's value for reading: 4 significant digits ("0.9967", "1.235e+6"); the raw text when not a number. */
export function formatAlertValue(value: number, raw: string): string {
  if (!Number.isFinite(value)) return raw;
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/** "1m 30s", "250ms": rule durations and evaluation times (seconds). */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s <= 0) return '0s';
  if (s < 1) return `${Math.max(1, Math.round(s * 1000))}ms`;
  const parts: string[] = [];
  let rest = Math.round(s);
  for (const [unit, n] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= n) { parts.push(`${Math.floor(rest / n)}${unit}`); rest %= n; }
  }
  return parts.join(' ');
}

/** "5s ago", "3m ago", "2h ago" relative to now. */
export function ago(t: number | null, now: number): string {
  if (t === null) return 'never';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}
