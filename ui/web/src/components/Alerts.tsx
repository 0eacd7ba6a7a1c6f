import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../api';
import { ago, formatAlertValue, formatSeconds, loadAlerting, type AlertingView, type AlertView, type RuleView } from '../alerts';
import { formatDateTime } from '../time';
import { navigate, useUrl } from '../router';
import { resolveDatasource } from './Panel';

/** How often the page reloads the ruler's state (Grafana's alert list polls on a similar period). */
export const ALERTS_REFRESH_MS = 15_000;

function StateBadge({ state, health }: { state: string; health?: string }) {
  const text = state === 'inactive' ? 'Normal' : state === 'pending' ? 'Pending' : 'Firing';
  return <span class={`state-badge state-${state}`} data-state={state}>{health === 'err' && state === 'inactive' ? 'Error' : text}</span>;
}

function Labels({ labels, skip = [] }: { labels: Record<string, string>; skip?: string[] }) {
  const keys = Object.keys(labels).filter((k) => !skip.includes(k)).sort();
  if (keys.length === 0) return <span class="hint">no labels</span>;
  return <span class="label-chips">{keys.map((k) => <span class="label-chip" key={k}>{k}=<b>{labels[k]}</b></span>)}</span>;
}

function NotificationCell({ alert, known }: { alert: AlertView; known: boolean }) {
  const n = alert.notification;
  if (!known) return <span class="hint" title="This data source has no PLG notification log">—</span>;
  if (!n) return <span class="hint">not notified yet</span>;
  return (
    <span class={`notification ${n.ok ? 'ok' : 'failed'}`} title={n.integration}>
      <b>{n.receiver}</b> · {formatDateTime(n.time)} · {n.ok ? `ok (${n.alertStatus})` : `failed after ${n.attempts} attempt(s): ${n.error}`}
    </span>
  );
}

function RuleCard({ rule, now, known, dsUid }: { rule: RuleView; now: number; known: boolean; dsUid?: string }) {
  const explore = new URLSearchParams({ query: rule.query, from: 'now-1h', to: 'now' });
  if (dsUid) explore.set('ds', dsUid);
  return (
    <div class={`alert-rule state-${rule.state}`} data-rule={rule.name} data-state={rule.state} data-health={rule.health}>
      <div class="alert-rule-head">
        {rule.type === 'alerting' ? <StateBadge state={rule.state} health={rule.health} /> : <span class="state-badge state-recording">Recording</span>}
        <span class="alert-rule-name">{rule.name}</span>
        {rule.type === 'alerting' && <span class="alert-counts">{rule.counts.firing} firing · {rule.counts.pending} pending</span>}
        <span class={`health health-${rule.health}`} title="Health of the last evaluation">{rule.health}</span>
        <span class="spacer" />
        <span class="meta" title={rule.lastEvaluation === null ? '' : formatDateTime(rule.lastEvaluation)}>
          evaluated {ago(rule.lastEvaluation, now)}{rule.lastEvaluation !== null ? ` in ${formatSeconds(rule.evaluationTime)}` : ''}
        </span>
        <a class="btn ghost small" href={`/explore?${explore}`}>Explore</a>
      </div>
      <div class="alert-rule-query"><code>{rule.query}</code>{rule.type === 'alerting' && rule.duration > 0 && <span class="meta"> for {formatSeconds(rule.duration)}</span>}</div>
      {rule.lastError && <div class="panel-error alert-rule-error" role="alert">⚠ {rule.lastError}</div>}
      {(() => {
        // the rule's own annotations are templates; show one only when it has nothing to expand
        const text = rule.annotations.description || rule.annotations.summary;
        return text && !text.includes('{{') ? <div class="hint">{text}</div> : null;
      })()}
      {rule.alerts.length > 0 && (
        <table class="data-table alert-instances">
          <thead><tr><th>State</th><th>Labels</th><th>Value</th><th>Active since</th><th>Annotations</th><th>Last notification</th></tr></thead>
          <tbody>
            {rule.alerts.map((a) => (
              <tr key={a.key} class="alert-instance" data-state={a.state}>
                <td><StateBadge state={a.state} /></td>
                <td><Labels labels={a.labels} skip={['alertname']} /></td>
                <td title={a.valueText}>{formatAlertValue(a.value, a.valueText)}</td>
                <td>{a.activeAt === null ? '' : <span title={formatDateTime(a.activeAt)}>{ago(a.activeAt, now)}</span>}</td>
                <td>{Object.entries(a.annotations).map(([k, v]) => <div key={k}><span class="hint">{k}:</span> {v}</div>)}</td>
                <td><NotificationCell alert={a} known={known} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Grafana's alert list (/alerting/list) for the Loki data source's ruler. */
export function AlertsPage({ settings }: { settings: Settings }) {
  const { params } = useUrl();
  const lokis = settings.datasources.filter((d) => d.type === 'loki');
  const ds = resolveDatasource(params.get('ds'), lokis.length ? lokis : settings.datasources, settings.defaultDatasource);
  const [view, setView] = useState<AlertingView>();
  const [error, setError] = useState('');
  const [loadedAt, setLoadedAt] = useState(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!ds) return;
    const abort = new AbortController();
    loadAlerting(ds.uid, abort.signal)
      .then((v) => { setView(v); setError(''); setLoadedAt(Date.now()); })
      .catch((e) => { if (!abort.signal.aborted) { setError(String(e.message ?? e)); setLoadedAt(Date.now()); } });
    return () => abort.abort();
  }, [ds?.uid, tick]);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), ALERTS_REFRESH_MS);
    return () => clearInterval(id);
  }, []);

  const now = loadedAt || Date.now();
  return (
    <div class="page alerts-page">
      <div class="toolbar">
        <h1 class="page-title">Alert rules</h1>
        <div class="toolbar-right">
          {lokis.length > 1 && (
            <select class="select" aria-label="Data source" value={ds?.uid} onChange={(e) => navigate(`/alerting/list?ds=${encodeURIComponent((e.target as HTMLSelectElement).value)}`, true)}>
              {lokis.map((d) => <option key={d.uid} value={d.uid}>{d.name}</option>)}
            </select>
          )}
          <span class="meta">{loadedAt ? `updated ${formatDateTime(loadedAt)} · every ${ALERTS_REFRESH_MS / 1000}s` : ''}</span>
          <button class="btn" onClick={() => setTick((t) => t + 1)}>Refresh</button>
        </div>
      </div>
      {!ds && <div class="empty-state"><h2>No Loki data source</h2><p>Provision one in <code>config/grafana/provisioning/datasources/</code>.</p></div>}
      {error && (
        <div class="panel-error alerts-error" role="alert">
          Cannot load the alert rules of "{ds?.name}": {error}{view ? ' (showing the last answer)' : ''}
        </div>
      )}
      {ds && !view && !error && <div class="loading-block"><span class="spinner" /> Loading alert rules…</div>}
      {view && (
        <>
          <div class="alerts-summary" aria-label="Summary">
            <span><b>{view.totals.rules}</b> rule(s):</span>
            <span class="state-firing-text"><b>{view.totals.firing}</b> firing</span>
            <span class="state-pending-text"><b>{view.totals.pending}</b> pending</span>
            <span><b>{view.totals.inactive}</b> normal</span>
            {view.totals.errors > 0 && <span class="state-error-text"><b>{view.totals.errors}</b> with errors</span>}
            <span class="meta">· alerts: {view.active.filter((a) => a.state === 'firing').length} firing, {view.active.filter((a) => a.state === 'pending').length} pending</span>
          </div>
          {view.ruleFileErrors.length > 0 && (
            <div class="panel-error" role="alert">
              Refused rule files:
              <ul>{view.ruleFileErrors.map((e) => <li key={e}>{e}</li>)}</ul>
            </div>
          )}
          {view.groups.length === 0 && (
            <div class="empty-state alerts-empty">
              <h2>No alert rules</h2>
              <p>The ruler of "{ds?.name}" has no rule groups. Add Loki rule files under <code>config/loki/rules/fake/</code> (re-read every minute)
                or POST a group to <code>/loki/api/v1/rules/&lt;namespace&gt;</code>.</p>
            </div>
          )}
          {view.groups.map((g) => (
            <section class="alert-group" key={`${g.file}/${g.name}`} aria-label={`${g.file} / ${g.name}`}>
              <header class="alert-group-head">
                <h2><span class="crumb">{g.file} ›</span> {g.name}</h2>
                <span class="meta">every {formatSeconds(g.interval)} · evaluated {ago(g.lastEvaluation, now)}{g.lastEvaluation !== null ? ` in ${formatSeconds(g.evaluationTime)}` : ''}</span>
              </header>
              {g.rules.map((r) => <RuleCard key={r.name} rule={r} now={now} known={view.notificationsKnown} dsUid={ds?.uid} />)}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
