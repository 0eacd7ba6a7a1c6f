// End-to-end test of the PLG UI in Debian's Chromium (playwright-core, no bundled browser).
//
//   PLG_UI_URL=http://127.0.0.1:3000 PLG_LOKI_URL=http://127.0.0.1:3100 node e2e/e2e.mjs
//
// PLG_LOKI_URL is the store the UI's data source points at: the script pushes seed-style lines to it
// (JSON push API) so the checks have data, and pushes one more line during live tail.
// Optional: PLG_USER / PLG_PASSWORD (admin/admin), SCREENSHOT_DIR (../../docs/screenshots), CHROMIUM (/usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const UI = process.env.PLG_UI_URL ?? 'http://127.0.0.1:3000';
const LOKI = process.env.PLG_LOKI_URL ?? 'http://127.0.0.1:3100';
const USER = process.env.PLG_USER ?? 'admin';
const PASSWORD = process.env.PLG_PASSWORD ?? 'admin';
const SHOTS = process.env.SCREENSHOT_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const APP = 'python-starter-kit';
const TIMEOUT = 20_000;

const results = [];
let currentPage;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - started} ms)`);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push(`FAIL ${name}: ${e.message}`);
    if (currentPage) {
      mkdirSync(SHOTS, { recursive: true });
      await currentPage.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => {});
      console.error(`screenshot of the failure: ${path.join(SHOTS, 'failure.png')}`);
    }
    console.error(`FAIL ${name}: ${e.stack ?? e}`);
    throw e;
  }
}

async function push(lines) {
  const byStream = new Map();
  for (const l of lines) {
    const key = JSON.stringify(l.labels);
    if (!byStream.has(key)) byStream.set(key, { stream: l.labels, values: [] });
    byStream.get(key).values.push([l.ts, l.line]);
  }
  const streams = [...byStream.values()].map((s) => ({ ...s, values: s.values.sort((a, b) => (a[0] < b[0] ? -1 : 1)) }));
  const res = await fetch(`${LOKI}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams }) });
  if (res.status !== 204 && res.status !== 200) throw new Error(`push to ${LOKI} answered ${res.status}: ${await res.text()}`);
}

// mulberry32: a tiny seeded PRNG so every run pushes the same mix of services and levels
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedLines(count, spanMs) {
  const services = ['auth', 'api', 'worker'];
  const events = ['login attempt', 'password wrong', 'account locked', 'request handled', 'job finished'];
  const next = random(42);
  const now = Date.now();
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = now - spanMs + Math.floor((spanMs * i) / count);
    const service = services[Math.floor(next() * services.length)];
    const r = next();
    const level = r < 0.1 ? 'error' : r < 0.22 ? 'warning' : r < 0.32 ? 'debug' : 'info';
    const line = JSON.stringify({ timestamp: new Date(t).toISOString(), level, logger: service, event: events[Math.floor(next() * events.length)], request_id: `req-${i}`, user_id: `user-${Math.floor(next() * 50)}`, service });
    out.push({ ts: `${t}000000`, line, labels: { app: APP, env: 'production', level, service } });
  }
  return out;
}

function errorBurst(count, spanMs) {
  const now = Date.now();
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = now - spanMs + Math.floor((spanMs * i) / count);
    const line = JSON.stringify({ timestamp: new Date(t).toISOString(), level: 'error', logger: 'auth', event: 'database connection refused', request_id: `burst-${i}`, user_id: `user-${i % 50}`, service: 'auth' });
    out.push({ ts: `${t}000000`, line, labels: { app: APP, env: 'production', level: 'error', service: 'auth' } });
  }
  return out;
}

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  await step('push demo lines to the store', () => push(seedLines(240, 50 * 60_000)));
  // An ERROR burst for the seed rule (rate over 5m above 0.1/s): with a real ruler it turns pending at the next
  // evaluation (every minute), which writes state history the dashboard later shows as an annotation.
  await step('push an ERROR burst for the seed alert rule', () => push(errorBurst(120, 30_000)));
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  currentPage = page;
  page.setDefaultTimeout(TIMEOUT);
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  await step('login', async () => {
    await page.goto(UI);
    await page.fill('input[name=user]', USER);
    await page.fill('input[name=password]', PASSWORD);
    await shot(page, 'login.png');
    await page.click('button[type=submit]');
    const skip = page.getByRole('button', { name: 'Skip' });
    const nav = page.locator('nav.topnav');
    await Promise.race([skip.waitFor(), nav.waitFor()]);
    if (await skip.isVisible()) await skip.click();
    await nav.waitFor();
  });

  await step('home dashboard: four panels show data', async () => {
    await page.locator('section.panel[data-panel-type=timeseries] .uplot canvas').first().waitFor();
    await page.locator('section.panel[data-panel-type=piechart] svg[aria-label="pie chart"] path').first().waitFor();
    await page.locator('section.panel[data-panel-type=barchart] svg.barchart rect').first().waitFor();
    await page.locator('section.panel[data-panel-type=logs] .log-row').first().waitFor();
    const errorRows = await page.locator('section.panel[data-panel-type=logs] .log-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
    if (errorRows.some((l) => l !== 'error')) throw new Error(`the ERROR stream shows other levels: ${[...new Set(errorRows)]}`);
    const legend = await page.locator('section.panel[data-panel-type=timeseries] .legend-item').count();
    if (legend === 0) throw new Error('the log rate panel has no series');
    if (await page.locator('.panel-error').count()) throw new Error(`panel error: ${await page.locator('.panel-error').first().textContent()}`);
    await shot(page, 'dashboard.png');
  });

  await step('Explore: log query returns lines, volume histogram, details and click-to-filter', async () => {
    await page.goto(`${UI}/explore?${new URLSearchParams({ query: `{app="${APP}"}`, from: 'now-1h', to: 'now' })}`);
    await page.locator('.explore-logs .log-row').first().waitFor();
    await page.locator('.volume .uplot canvas').first().waitFor();
    // a line with a user_id (the demo also writes lines without one), so the details offer a user- value to filter on
    await page.locator('.explore-logs .log-line', { hasText: '"user_id"' }).first().click();
    await page.locator('.log-detail').first().waitFor();
    await shot(page, 'explore-logs.png');
    await page.locator('.log-detail a.filter-link', { hasText: /^user-/ }).first().click();
    await page.waitForFunction(() => decodeURIComponent(location.search.replace(/\+/g, ' ')).includes('| json | user_id='));
    await page.locator('.explore-logs .log-row').first().waitFor();
  });

  await step('Explore: metric query draws a graph with a legend', async () => {
    await page.goto(`${UI}/explore?${new URLSearchParams({ query: `sum by (level) (count_over_time({app="${APP}"}[5m]))`, from: 'now-1h', to: 'now', legend: '{{level}}' })}`);
    await page.locator('.explore-graph .uplot canvas').first().waitFor();
    const names = await page.locator('.explore-graph .legend-item').allTextContents();
    if (!names.some((n) => ['info', 'error', 'warning', 'debug'].includes(n.trim()))) throw new Error(`legend does not use legendFormat: ${names}`);
    const box = await page.locator('.explore-graph .uplot .u-over').boundingBox();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
    await page.locator('.explore-graph .graph-tooltip-row').first().waitFor();
    await shot(page, 'explore-metrics.png');
  });

  await step('Explore: the editor completes label names and values', async () => {
    await page.goto(`${UI}/explore?${new URLSearchParams({ query: `{app="${APP}"}`, from: 'now-1h', to: 'now' })}`);
    await page.locator('.explore-logs .log-row').first().waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('{ap');
    await page.locator('.cm-tooltip-autocomplete li', { hasText: 'app' }).first().waitFor();
    // CodeMirror ignores Enter for 75 ms after the list opens (interactionDelay), so a fast Enter is a newline
    await page.waitForTimeout(250);
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    await page.locator('.cm-tooltip-autocomplete li', { hasText: APP }).first().waitFor();
    await shot(page, 'explore-completion.png');
    await page.waitForTimeout(100);
    await page.keyboard.press('Enter');
    const text = await page.locator('.cm-content').textContent();
    if (!text.startsWith(`{app="${APP}"`)) throw new Error(`completion produced ${text}`);
  });

  await step('Explore: a parse error is shown inline', async () => {
    await page.goto(`${UI}/explore?${new URLSearchParams({ query: `{app="${APP}"}`, from: 'now-1h', to: 'now' })}`);
    await page.locator('.explore-logs .log-row').first().waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' |= ');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Enter');
    const error = page.locator('.query-error');
    await error.waitFor();
    const text = await error.textContent();
    if (!/parse error/.test(text)) throw new Error(`unexpected error text: ${text}`);
    await page.locator('.cm-lintRange-error, .cm-lint-marker-error').first().waitFor();
    await shot(page, 'explore-error.png');
  });

  await step('Explore: live tail receives a new line', async () => {
    const marker = `e2e live line ${Date.now()}`;
    await page.goto(`${UI}/explore?${new URLSearchParams({ query: `{app="${APP}", level="error"}`, from: 'now-1h', to: 'now' })}`);
    await page.locator('.explore-logs .log-row').first().waitFor();
    await page.getByRole('button', { name: '▶ Live' }).click();
    await page.locator('.live-status', { hasText: /Live/ }).waitFor();
    await page.waitForTimeout(500);
    const deadline = Date.now() + TIMEOUT;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      await push([{ ts: `${Date.now()}000000`, line: JSON.stringify({ level: 'error', event: marker, service: 'auth' }), labels: { app: APP, env: 'production', level: 'error', service: 'auth' } }]);
      seen = await page.locator('.log-text', { hasText: marker }).first().waitFor({ timeout: 2500 }).then(() => true, () => false);
    }
    if (!seen) throw new Error(`the pushed line "${marker}" never appeared`);
    await page.getByRole('button', { name: '❚❚ Pause' }).click();
    await page.locator('.live-dot.paused').waitFor();
    await shot(page, 'explore-live.png');
    await page.getByRole('button', { name: '▶ Resume' }).click();
    await page.getByRole('button', { name: '■ Stop' }).first().click();
  });

  await step('overview dashboard: stat, bar gauge, stacked bars, table, variables', async () => {
    await page.goto(`${UI}/d/plg-overview`);
    await page.locator('section.panel[data-panel-type=stat] .stat-value').first().waitFor();
    const stat = await page.locator('section.panel[data-panel-type=stat] .stat-value').first().textContent();
    if (!/\d/.test(stat)) throw new Error(`stat shows no number: ${stat}`);
    await page.locator('section.panel[data-panel-type=bargauge] .bargauge-row').first().waitFor();
    await page.locator('section.panel[data-panel-type=table] tbody tr').first().waitFor();
    await page.locator('section.panel[data-panel-type=timeseries] .uplot canvas').first().waitFor();
    await page.locator('section.panel[data-panel-type=logs] .log-row').first().waitFor();
    await page.locator('.multiselect-button').click();
    await page.locator('.multiselect-option', { hasText: 'auth' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => new URLSearchParams(location.search).getAll('var-service').join(',') === 'auth');
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('section.panel[data-panel-type=bargauge] .bargauge-name')].map((n) => n.textContent);
      return names.length === 1 && names[0] === 'auth';
    });
    await page.fill('input[name=var-search]', 'locked');
    await page.press('input[name=var-search]', 'Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('var-search') === 'locked');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('section.panel[data-panel-type=logs] .log-text')];
      return rows.length > 0 && rows.every((r) => r.textContent.includes('locked'));
    });
    await shot(page, 'dashboard-overview.png');
  });

  await step('dashboard 13639 renders and the light theme works', async () => {
    await page.goto(`${UI}/d/sadlil-loki-apps-dashboard`);
    await page.locator('section.panel[data-panel-type=logs] .log-row').first().waitFor();
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await shot(page, 'dashboard-13639-light.png');
    await page.getByRole('button', { name: 'Toggle theme' }).click();
  });

  await step('Alerts page lists the seed rule with its state, health and evaluation', async () => {
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.waitForFunction(() => location.pathname === '/alerting/list');
    const rule = page.locator('.alert-rule[data-rule="PythonStarterKitErrorRate"]');
    await rule.waitFor();
    const state = await rule.getAttribute('data-state');
    if (!['inactive', 'pending', 'firing'].includes(state)) throw new Error(`rule state is ${state}`);
    const health = await rule.getAttribute('data-health');
    if (!['ok', 'unknown'].includes(health)) throw new Error(`rule health is ${health}: ${await rule.textContent()}`);
    const text = await rule.textContent();
    if (!text.includes('rate({app="python-starter-kit", level="error"}[5m])')) throw new Error(`rule query not shown: ${text}`);
    if (await page.locator('.alerts-error').count()) throw new Error(`alerts page error: ${await page.locator('.alerts-error').textContent()}`);
  });

  await step('dashboard graphs show alert state changes as annotations with a tooltip', async () => {
    // the ruler evaluates every minute: wait for the burst's state change to reach the state history
    const deadline = Date.now() + 100_000;
    const marker = page.locator('section.panel[data-panel-type=timeseries] .annotation-marker').first();
    let seen = false;
    while (!seen && Date.now() < deadline) {
      await page.goto(`${UI}/d/python-starter-kit-logs?from=now-1h&to=now`);
      await page.locator('section.panel[data-panel-type=timeseries] .uplot canvas').first().waitFor();
      seen = await marker.waitFor({ timeout: 4000 }).then(() => true, () => false);
      if (!seen) await page.waitForTimeout(4000);
    }
    if (!seen) throw new Error('no alert annotation appeared on the home dashboard within 100 s');
    await marker.hover();
    const tip = page.locator('.annotation-tooltip');
    await tip.waitFor();
    const text = await tip.textContent();
    if (!text.includes('PythonStarterKitErrorRate') || !/→/.test(text) || !text.includes('service=')) throw new Error(`annotation tooltip: ${text}`);
    await shot(page, 'dashboard-annotations.png');
  });

  await step('Alerts page shows the active alert with labels, value and last notification', async () => {
    await page.goto(`${UI}/alerting/list`);
    const instance = page.locator('.alert-rule[data-rule="PythonStarterKitErrorRate"] .alert-instance').first();
    await instance.waitFor();
    const state = await instance.getAttribute('data-state');
    if (!['pending', 'firing'].includes(state)) throw new Error(`alert state is ${state}`);
    const text = await instance.textContent();
    if (!text.includes('service=')) throw new Error(`alert labels not shown: ${text}`);
    await shot(page, 'alerts.png');
  });

  await step('logout', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('input[name=password]').waitFor();
  });
  if (consoleErrors.length) console.warn(`page errors: ${consoleErrors.join('\n')}`);
} catch {
  failed = true;
} finally {
  await browser.close();
}
console.log(`\n${results.join('\n')}`);
process.exit(failed ? 1 : 0);
