import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, type DashboardResponse, type Settings } from '../api';
import { interpolate } from '../interpolate';
import { labelNames, labelValues, runQuery } from '../loki';
import { parseStateHistory, showsAlertAnnotations, STATE_HISTORY_LIMIT, STATE_HISTORY_QUERY, type AlertAnnotation } from '../annotations';
import { resolveRange, type RawRange } from '../time';
import { ALL, applyRegex, chooseCurrent, datasourceOptions, parseCustom, parseVariableQuery, scopeOf, sortOptions, type VarState, type VariableModel } from '../variables';
import { navigate, useUrl } from '../router';
import { PanelView, resolveDatasource, type PanelContext } from './Panel';
import { TimePicker } from './TimePicker';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Model = any;

const NO_ANNOTATIONS: AlertAnnotation[] = [];

/** Grafana's legacy panels: "graph" becomes a bars/lines time series; collapsed rows are expanded. */
export function flattenPanels(panels: Model[]): Model[] {
  const out: Model[] = [];
  for (const p of panels ?? []) {
    out.push(p);
    if (p.type === 'row' && Array.isArray(p.panels)) out.push(...p.panels);
  }
  return out.sort((a, b) => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0));
}

export function DashboardPage({ uid, settings }: { uid?: string; settings: Settings }) {
  const url = useUrl();
  const [resp, setResp] = useState<DashboardResponse>();
  const [error, setError] = useState('');
  useEffect(() => {
    setResp(undefined); setError('');
    get<DashboardResponse>(uid ? `/api/dashboards/uid/${encodeURIComponent(uid)}` : '/api/dashboards/home')
      .then(setResp).catch((e) => setError(e.message));
  }, [uid]);
  if (error) return <div class="page"><div class="empty-state" role="alert"><h2>Cannot open this dashboard</h2><p>{error}</p><a class="btn" href="/dashboards">Browse dashboards</a></div></div>;
  if (!resp) return <div class="page"><div class="loading-block"><span class="spinner" /> Loading dashboard…</div></div>;
  return <DashboardView model={resp.dashboard} settings={settings} params={url.params} />;
}

function DashboardView({ model, settings, params }: { model: Model; settings: Settings; params: URLSearchParams }) {
  const raw: RawRange = { from: params.get('from') ?? model.time?.from ?? 'now-6h', to: params.get('to') ?? model.time?.to ?? 'now' };
  const refreshParam = params.get('refresh');
  const refresh = refreshParam === 'off' ? '' : refreshParam ?? (model.refresh && model.refresh !== 'auto' ? model.refresh : '');
  const [tick, setTick] = useState(0);
  const range = useMemo(() => resolveRange(raw), [raw.from, raw.to, tick]);
  const models: VariableModel[] = model.templating?.list ?? [];
  const [vars, setVars] = useState<VarState[]>([]);

  const setParams = (changes: Record<string, string | string[] | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      next.delete(k);
      if (Array.isArray(v)) v.forEach((x) => next.append(k, x)); else if (v !== undefined && v !== '') next.set(k, v);
    }
    navigate(`${location.pathname}?${next}`, true);
  };

  // load variable options (in order, so later queries can use earlier variables)
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const states: VarState[] = [];
      for (const v of models) {
        const scope = scopeOf(states, models);
        let options: { text: string; value: string }[] = [];
        try {
          switch (v.type) {
            case 'query': {
              const ds = resolveDatasource(v.datasource, settings.datasources, settings.defaultDatasource);
              const q = parseVariableQuery(typeof v.query === 'string' ? interpolate(v.query, scope) : v.query);
              if (ds && q.kind === 'label_names') options = applyRegex(await labelNames(ds.uid, range), v.regex);
              if (ds && q.kind === 'label_values') options = applyRegex(await labelValues(ds.uid, q.label, range, q.selector && interpolate(q.selector, scope)), v.regex);
              options = sortOptions(options, v.sort);
              break;
            }
            case 'custom': options = parseCustom(String(v.query ?? '')); break;
            case 'interval': options = parseCustom(String(v.query ?? '')); break;
            case 'datasource': options = datasourceOptions(v, settings.datasources); break;
            case 'constant': case 'textbox': options = []; break;
            default: options = (v.options ?? []).map((o: Model) => ({ text: String(o.text), value: String(o.value) }));
          }
        } catch { options = []; }
        if (v.includeAll && v.type !== 'textbox') options = [{ text: 'All', value: ALL }, ...options];
        const fromUrl = params.getAll(`var-${v.name}`);
        states.push({ name: v.name, label: v.label || v.name, type: v.type, hide: v.hide ?? (v.type === 'constant' ? 2 : 0),
          options, current: chooseCurrent(v, options, fromUrl.length ? fromUrl : undefined), multi: !!v.multi, includeAll: !!v.includeAll });
      }
      if (!cancelled) setVars(states);
    })();
    return () => { cancelled = true; };
  }, [model, [...params.entries()].filter(([k]) => k.startsWith('var-')).map((e) => e.join('=')).join('&')]);

  // auto refresh
  useEffect(() => {
    const ms = refresh ? (/^(\d+)(s|m|h)$/.exec(refresh) ? parseInt(refresh, 10) * { s: 1000, m: 60000, h: 3600000 }[refresh.slice(-1) as 's' | 'm' | 'h'] : 0) : 0;
    if (!ms) return;
    const id = setInterval(() => setTick((t) => t + 1), Math.max(ms, 5000));
    return () => clearInterval(id);
  }, [refresh]);

  // alert annotations (built-in "Annotations & Alerts"): the state history in the default Loki data source
  const showAnnotations = showsAlertAnnotations(model);
  const [annotations, setAnnotations] = useState<AlertAnnotation[]>();
  useEffect(() => {
    setAnnotations(undefined);
    if (!showAnnotations) return;
    const ds = resolveDatasource(null, settings.datasources, settings.defaultDatasource);
    if (!ds) return;
    const abort = new AbortController();
    runQuery({ dsUid: ds.uid, expr: STATE_HISTORY_QUERY, range, stepMs: 1000, instant: false, limit: STATE_HISTORY_LIMIT,
      direction: 'backward', signal: abort.signal })
      .then((r) => setAnnotations(r.kind === 'streams' ? parseStateHistory(r.rows) : []))
      .catch((e) => { if (!abort.signal.aborted) { console.warn(`alert annotations unavailable: ${e.message ?? e}`); setAnnotations([]); } });
    return () => abort.abort();
  }, [range, showAnnotations]);

  const scope = useMemo(() => scopeOf(vars, models), [vars]);
  const ready = vars.length === models.length;
  const ctx: PanelContext = {
    range, scope, datasources: settings.datasources, defaultDs: settings.defaultDatasource, refreshKey: tick,
    annotations: showAnnotations ? annotations ?? NO_ANNOTATIONS : undefined, dashboardUid: model.uid,
    onZoom: (from, to) => setParams({ from: String(from), to: String(to) }),
  };
  const panels = flattenPanels(model.panels ?? []);
  const exploreHref = (p: Model) => {
    const t = (p.targets ?? []).find((x: Model) => x.expr);
    if (!t) return undefined;
    const ds = resolveDatasource(t.datasource ?? p.datasource, settings.datasources, settings.defaultDatasource);
    const q = new URLSearchParams({ query: interpolate(t.expr, scope), from: raw.from, to: raw.to });
    if (ds) q.set('ds', ds.uid);
    return `/explore?${q}`;
  };
  return (
    <div class="page dashboard">
      <div class="toolbar">
        <h1 class="page-title"><a href="/dashboards" class="crumb">Dashboards</a> / {model.title}</h1>
        <div class="toolbar-right">
          <TimePicker value={raw} onChange={(r) => setParams({ from: r.from, to: r.to })} onRefresh={() => setTick((t) => t + 1)}
            refresh={refresh} refreshIntervals={model.timepicker?.refresh_intervals} onRefreshChange={(r) => setParams({ refresh: r || 'off' })} />
        </div>
      </div>
      {vars.some((v) => v.hide !== 2) && (
        <div class="variables">
          {vars.filter((v) => v.hide !== 2).map((v) => (
            <label class="variable" key={v.name}>
              {v.hide !== 1 && <span class="variable-label">{v.label}</span>}
              {v.type === 'textbox'
                ? <input class="input" name={`var-${v.name}`} value={v.current[0] ?? ''} onChange={(e) => setParams({ [`var-${v.name}`]: (e.target as HTMLInputElement).value })} />
                : v.multi
                  ? <MultiSelect name={`var-${v.name}`} options={v.options} value={v.current} onChange={(sel) => setParams({ [`var-${v.name}`]: sel })} />
                  : <select class="select" name={`var-${v.name}`} value={v.current[0]}
                    onChange={(e) => setParams({ [`var-${v.name}`]: (e.target as HTMLSelectElement).value })}>
                    {v.options.length === 0 && <option value="">(no values)</option>}
                    {v.options.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
                  </select>}
            </label>
          ))}
        </div>
      )}
      {(model.links ?? []).length > 0 && (
        <div class="dashboard-links">{model.links.filter((l: Model) => l.url).map((l: Model) => <a key={l.title} href={l.url} target={l.targetBlank ? '_blank' : undefined} rel="noreferrer">{l.title}</a>)}</div>
      )}
      {panels.length === 0 && <div class="empty-state"><h2>This dashboard has no panels</h2><p>Add panels to its JSON file under the provisioning folder.</p></div>}
      <div class="grid">
        {ready && panels.map((p) => p.type === 'row'
          ? <div class="row-panel" key={p.id} style={{ gridColumn: '1 / span 24', gridRow: `${(p.gridPos?.y ?? 0) + 1} / span 1` }}>{interpolate(p.title ?? '', scope)}</div>
          : (
            <div class="grid-item" key={p.id} style={{ gridColumn: `${(p.gridPos?.x ?? 0) + 1} / span ${p.gridPos?.w ?? 12}`, gridRow: `${(p.gridPos?.y ?? 0) + 1} / span ${p.gridPos?.h ?? 8}` }}>
              <PanelView panel={p} ctx={ctx} exploreHref={exploreHref(p)} />
            </div>
          ))}
      </div>
    </div>
  );
}

/** Multi-value variable picker: a button with the selection and a checkbox list ("All" is exclusive). */
function MultiSelect({ name, options, value, onChange }: { name: string; options: { text: string; value: string }[]; value: string[]; onChange: (v: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<string[]>(value);
  const label = value.includes(ALL) ? 'All' : value.map((v) => options.find((o) => o.value === v)?.text ?? v).join(' + ') || '(none)';
  const toggle = (v: string) => {
    if (v === ALL) { setDraft([ALL]); return; }
    const rest = draft.filter((d) => d !== ALL);
    const next = rest.includes(v) ? rest.filter((d) => d !== v) : [...rest, v];
    setDraft(next.length ? next : [ALL]);
  };
  return (
    <div class="multiselect" data-name={name}>
      <button type="button" class="select multiselect-button" aria-haspopup="listbox" aria-expanded={open}
        onClick={() => { if (open) onChange(draft); else setDraft(value); setOpen(!open); }}>{label} ▾</button>
      {open && (
        <div class="dropdown multiselect-list" role="listbox">
          {options.map((o) => (
            <label key={o.value} class="multiselect-option">
              <input type="checkbox" checked={draft.includes(o.value)} onChange={() => toggle(o.value)} /> {o.text}
            </label>
          ))}
          <button type="button" class="btn primary wide" onClick={() => { setOpen(false); onChange(draft); }}>Apply</button>
        </div>
      )}
    </div>
  );
}

export function DashboardList() {
  const [hits, setHits] = useState<{ uid: string; title: string; url: string; folderTitle: string; tags: string[] }[]>();
  const [error, setError] = useState('');
  useEffect(() => { get<typeof hits>('/api/search').then(setHits).catch((e) => setError(e.message)); }, []);
  return (
    <div class="page">
      <div class="toolbar"><h1 class="page-title">Dashboards</h1></div>
      {error && <div class="panel-error" role="alert">{error}</div>}
      {hits && hits.length === 0 && <div class="empty-state"><h2>No dashboards yet</h2><p>Put Grafana dashboard JSON files in a folder named by a provider in <code>config/grafana/provisioning/dashboards/*.yaml</code> and restart.</p></div>}
      <ul class="dash-list">
        {(hits ?? []).map((h) => (
          <li key={h.uid}><a href={h.url}>{h.title}</a><span class="folder">{h.folderTitle || 'General'}</span>{h.tags.map((t) => <span class="tag" key={t}>{t}</span>)}</li>
        ))}
      </ul>
    </div>
  );
}
