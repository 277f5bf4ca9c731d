// The web console: ask a question, watch the plan run, read the answer and the chart, reopen past runs.
// It reads only the REST snapshot (GET /api/runs/:id) and the SSE stream (GET /api/runs/:id/events): the snapshot
// gives the state up to `lastSeq`, then events after it are folded in with the same fold as the server's.
// The server's own fold (src/pipeline/events/reduce.ts), served as /run-fold.js by the HTTP server: see console-fold.ts.
import { applyEvent, initialRunState } from './run-fold.js';
import { renderMarkdown } from './markdown.js';
import { formatMs, renderPlanGraph } from './plan-graph.js';
import { renderTimeline } from './timeline.js';
import { followRun } from './sse-reader.js';
import { cell, renderCompare } from './compare-view.js';
import { loadWatch } from './watch-panel.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'marketdesk.apiToken';
let token = localStorage.getItem(TOKEN_KEY) ?? '';
const authHeaders = () => (token ? { authorization: `Bearer ${token}` } : {});

/** The run on screen. */
let current = { id: undefined, state: undefined, controller: undefined };
let renderQueued = false;
const chartUrls = new Map(); // artifact URL → object URL (charts are fetched with the auth header)

async function api(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.headers ?? {}) }, cache: 'no-store' });
  if (response.status === 401) {
    showTokenForm();
    throw new Error('This server needs an API token.');
  }
  const body = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

function showTokenForm() {
  $('token-form').hidden = false;
  $('token-input').focus();
}

function showFormError(message) {
  $('form-error').textContent = message ?? '';
  $('form-error').hidden = !message;
}

const artifactUrl = (runId, name) => `/api/runs/${encodeURIComponent(runId)}/artifacts/${encodeURIComponent(name)}`;

// ---------- opening and following a run ----------

async function openRun(id) {
  current.controller?.abort();
  const controller = new AbortController();
  current = { id, state: initialRunState(id), controller };
  history.replaceState(null, '', `#run=${encodeURIComponent(id)}`);
  $('run').hidden = false;
  $('charts').replaceChildren();
  render();
  let eventsUrl = `/api/runs/${encodeURIComponent(id)}/events`;
  try {
    const snapshot = await api(`/api/runs/${encodeURIComponent(id)}`);
    if (current.id !== id) return;
    eventsUrl = snapshot.eventsUrl ?? eventsUrl;
    const { id: runId, eventsUrl: _e, ...state } = snapshot;
    current.state = { ...state, runId };
  } catch (error) {
    showFormError(`Could not open run: ${error.message}`);
    return;
  }
  scheduleRender();
  if (current.state.done) return;
  await followRun({
    url: eventsUrl,
    headers: authHeaders,
    lastSeq: () => current.state.lastSeq,
    signal: controller.signal,
    onUnauthorized: showTokenForm,
    onStatus: (status) => {
      if (current.id === id) $('run-meta').dataset.stream = status;
    },
    onEvent: (event) => {
      if (current.id !== id || event.runId !== id) return;
      current.state = applyEvent(current.state, event);
      scheduleRender();
      if (current.state.done) void loadRecent();
    },
  });
}

async function ask(question) {
  showFormError();
  $('ask-button').disabled = true;
  try {
    const started = await api('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    void loadRecent();
    void openRun(started.id);
  } catch (error) {
    showFormError(error.message);
  } finally {
    $('ask-button').disabled = false;
  }
}

async function cancel() {
  if (!current.id || current.state?.done) return;
  try {
    await api(`/api/runs/${encodeURIComponent(current.id)}/cancel`, { method: 'POST' });
  } catch (error) {
    showFormError(error.message);
  }
}

// ---------- rendering ----------

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

let lastAnswer;
function render() {
  const state = current.state;
  if (!state) return;
  const badge = $('run-status');
  badge.textContent = state.status;
  badge.className = `badge status-${state.status}`;
  $('run-question').textContent = state.question;
  $('cancel-button').disabled = state.done;
  const meta = [
    `run ${state.runId}`,
    state.intent && `intent ${state.intent}`,
    state.entities?.tickers?.length && `tickers ${state.entities.tickers.join(', ')}`,
    state.entities?.benchmark && `vs ${state.entities.benchmarkLabel ?? state.entities.benchmark}`,
    state.entities?.period && `${state.entities.period.label} (${state.entities.period.from} → ${state.entities.period.to})`,
    state.planner && `planner ${state.planner}`,
  ].filter(Boolean);
  $('run-meta').textContent = meta.join(' · ');

  renderPlanGraph($('plan-graph'), state.steps);
  $('plan-empty').hidden = state.steps.length > 0 || state.done;
  renderTimeline($('timeline'), state);

  if (state.answer !== lastAnswer) {
    $('answer').innerHTML = renderMarkdown(state.answer); // escaped by renderMarkdown: no raw HTML survives
    lastAnswer = state.answer;
  }
  $('answer').dataset.final = String(state.status === 'completed');
  const errorBox = $('run-error');
  errorBox.hidden = !state.error && state.status !== 'cancelled';
  errorBox.textContent = state.error
    ? `${state.error.message} (${state.error.code})`
    : state.status === 'cancelled'
      ? `Cancelled by ${state.cancelledBy ?? 'someone'}.`
      : '';
  $('flagged').hidden = !state.flagged?.length;
  $('flagged').textContent = state.flagged?.length ? `Figures not found in any tool output: ${state.flagged.join(', ')}` : '';
  $('usage').textContent = state.usage
    ? `took ${formatMs(state.usage.durationMs)} · ${state.usage.totalTokens} tokens · $${state.usage.totalCostUsd.toFixed(4)} · ` +
      Object.entries(state.usage.stages)
        .map(([stage, u]) => `${stage} ${u.model} ${formatMs(u.durationMs)}`)
        .join(', ')
    : '';
  renderCharts(state);
  renderCompare($('compare'), $('verdict'), state);
}

function renderCharts(state) {
  const box = $('charts');
  const charts = state.artifacts.filter((a) => a.kind === 'chart');
  for (const artifact of charts) {
    const url = artifact.url ?? artifactUrl(state.runId, artifact.name);
    if (box.querySelector(`figure[data-url="${CSS.escape(url)}"]`)) continue;
    const figure = document.createElement('figure');
    figure.dataset.url = url;
    const img = document.createElement('img');
    img.alt = artifact.alt;
    img.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.textContent = artifact.alt;
    figure.append(img, caption);
    box.append(figure);
    void loadChart(url, img);
  }
  $('charts-empty').hidden = charts.length > 0;
  $('charts-empty').textContent = state.done ? 'This run produced no chart.' : 'No chart yet.';
}

async function loadChart(url, img) {
  try {
    let objectUrl = chartUrls.get(url);
    if (!objectUrl) {
      const response = await fetch(url, { headers: authHeaders() });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      objectUrl = URL.createObjectURL(await response.blob());
      chartUrls.set(url, objectUrl);
    }
    img.addEventListener('load', () => (img.dataset.loaded = 'true'), { once: true });
    img.src = objectUrl;
  } catch (error) {
    img.replaceWith(Object.assign(document.createElement('p'), { className: 'error', textContent: `Chart unavailable (${error.message})` }));
  }
}

// ---------- recent runs ----------

async function loadRecent() {
  let body;
  try {
    body = await api('/api/runs?limit=25');
  } catch {
    return;
  }
  const list = $('recent-list');
  list.replaceChildren();
  for (const run of body.runs) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `recent-run status-${run.status}`;
    button.dataset.run = run.id;
    button.append(cell('span', run.question, 'q'), cell('span', `${run.status} · ${new Date(run.createdAt).toLocaleString()}`, 'when'));
    button.addEventListener('click', () => void openRun(run.id));
    li.append(button);
    list.append(li);
  }
}

// ---------- wiring ----------

$('ask-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const question = $('question').value.trim();
  if (question) void ask(question);
});
$('question').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) $('ask-form').requestSubmit();
});
$('cancel-button').addEventListener('click', () => void cancel());
$('refresh-recent').addEventListener('click', () => void loadRecent());
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token-input').value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  $('token-form').hidden = true;
  void loadRecent();
  if (current.id) void openRun(current.id);
});
// Live durations tick while a run is in flight.
setInterval(() => {
  if (current.state && !current.state.done) renderTimeline($('timeline'), current.state);
}, 250);

void loadRecent();
const refreshWatch = () => loadWatch({ api, openRun, container: $('watch') });
$('refresh-watch').addEventListener('click', () => void refreshWatch());
void refreshWatch();
const fromHash = /^#run=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
if (fromHash) void openRun(fromHash[1]);
