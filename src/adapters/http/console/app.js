// The web console: ask a question, read the answer and the chart first (how it was answered — plan, timeline,
// plan vs execution — folds away below), copy it, rate it, open the chart full size, reopen past runs.
// It reads only the REST snapshot (GET /api/runs/:id) and the SSE stream (GET /api/runs/:id/events): the snapshot
// gives the state up to `lastSeq`, then events after it are folded in with the same fold as the server's.
// The server's own fold (src/pipeline/events/reduce.ts), served as /run-fold.js by the HTTP server: see console-fold.ts.
import { applyEvent, initialRunState } from './run-fold.js';
import { renderMarkdown } from './markdown.js';
import { formatMs, renderPlanGraph } from './plan-graph.js';
import { renderTimeline } from './timeline.js';
import { followRun } from './sse-reader.js';
import { cell, renderCompare } from './compare-view.js';
import { declineMarkdown, isDecline } from './decline.js';
import { openLightbox, wireLightbox } from './lightbox.js';
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
  current = { id, state: initialRunState(id), controller, wasDone: undefined };
  history.replaceState(null, '', `#run=${encodeURIComponent(id)}`);
  $('run').hidden = false;
  $('welcome').hidden = true;
  $('charts').replaceChildren();
  resetFeedback();
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
  const declined = isDecline(state);
  const badge = $('run-status');
  badge.textContent = declined ? "can't answer as asked" : state.status;
  badge.className = `badge status-${state.status}${declined ? ' status-declined' : ''}`;
  // "How this was answered" is open while the run works and folds once it is done (a reader may reopen it).
  if (current.wasDone !== state.done) {
    $('how').open = !state.done;
    current.wasDone = state.done;
  }
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

  // A decline is the answer: what could not be answered and what to ask instead, not a red error.
  const answerText = declined ? declineMarkdown(state) : state.answer;
  if (answerText !== lastAnswer) {
    $('answer').innerHTML = renderMarkdown(answerText); // escaped by renderMarkdown: no raw HTML survives
    $('answer').classList.toggle('decline-note', declined);
    lastAnswer = answerText;
  }
  $('answer').dataset.final = String(state.status === 'completed' || declined);
  const errorBox = $('run-error');
  errorBox.hidden = declined || (!state.error && state.status !== 'cancelled');
  errorBox.textContent = declined
    ? ''
    : state.error
      ? `${state.error.message} (${state.error.code})`
      : state.status === 'cancelled'
        ? `Cancelled by ${state.cancelledBy ?? 'someone'}.`
        : '';
  const answered = state.status === 'completed' || declined;
  $('copy-answer').disabled = !answered || !answerText;
  for (const id of ['feedback-up', 'feedback-down']) $(id).disabled = !answered || feedbackSent;
  $('retry-button').hidden = !state.done || answered;
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
    img.title = 'Open full size';
    const fileName = `${state.runId}-${artifact.name}`;
    img.addEventListener('click', () => img.src && openLightbox({ src: img.src, alt: artifact.alt, fileName }));
    const caption = document.createElement('figcaption');
    const download = Object.assign(document.createElement('a'), { textContent: 'Download', className: 'chart-download' });
    download.download = fileName;
    caption.append(cell('span', artifact.alt), download);
    figure.append(img, caption);
    box.append(figure);
    void loadChart(url, img, download);
  }
  $('charts-empty').hidden = charts.length > 0;
  $('charts-empty').textContent = state.done ? 'This run produced no chart.' : 'No chart yet.';
}

async function loadChart(url, img, download) {
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
    download.href = objectUrl;
  } catch (error) {
    img.replaceWith(Object.assign(document.createElement('p'), { className: 'error', textContent: `Chart unavailable (${error.message})` }));
  }
}

// ---------- copy, feedback, retry ----------

let feedbackSent = false;
function resetFeedback() {
  feedbackSent = false;
  for (const id of ['feedback-up', 'feedback-down']) $(id).setAttribute('aria-pressed', 'false');
  $('feedback-note').hidden = true;
  $('copy-answer').textContent = 'Copy';
}

async function copyAnswer() {
  const state = current.state;
  if (!state) return;
  const text = isDecline(state) ? declineMarkdown(state) : state.answer;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (plain http on another host): copy through a selected, off-screen textarea.
    const area = Object.assign(document.createElement('textarea'), { value: text });
    area.style.position = 'fixed';
    area.style.left = '-9999px';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  $('copy-answer').textContent = 'Copied';
  setTimeout(() => ($('copy-answer').textContent = 'Copy'), 2000);
}

async function sendFeedback(rating) {
  const id = current.id;
  if (!id || feedbackSent) return;
  try {
    await api(`/api/runs/${encodeURIComponent(id)}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating }) });
    if (current.id !== id) return;
    feedbackSent = true;
    $(rating === 'positive' ? 'feedback-up' : 'feedback-down').setAttribute('aria-pressed', 'true');
    $('feedback-note').textContent = 'Thanks — saved with this run.';
    $('feedback-note').hidden = false;
    render();
  } catch (error) {
    $('feedback-note').textContent = `Could not save the feedback: ${error.message}`;
    $('feedback-note').hidden = false;
  }
}

// ---------- the empty state ----------

async function loadAbout() {
  let about;
  try {
    about = await api('/api/about');
  } catch {
    return; // the static text stays
  }
  const parts = [`Data: ${about.source}`];
  if (about.asOf) parts.push(`daily prices to ${about.asOf}`);
  if (about.symbols?.length) parts.push(`symbols ${about.symbols.join(', ')}`);
  const live = about.live?.on
    ? `Live data is on${about.live.finnhub ? ' (quotes, fundamentals, news and earnings via Finnhub)' : ''}.`
    : 'Fundamentals, news, earnings and live quotes need live data (MARKET_DATA=live with a FINNHUB_API_KEY; TIINGO_API_KEY or Alpaca keys for live daily prices).';
  $('about-data').textContent = `${parts.join(' · ')}. ${live}`;
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
// Enter asks, Shift+Enter adds a line (and Enter while an IME is composing is the IME's).
$('question').addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  $('ask-form').requestSubmit();
});
for (const example of document.querySelectorAll('#examples .example')) {
  example.addEventListener('click', () => {
    $('question').value = example.textContent.trim();
    $('ask-form').requestSubmit();
  });
}
$('copy-answer').addEventListener('click', () => void copyAnswer());
$('feedback-up').addEventListener('click', () => void sendFeedback('positive'));
$('feedback-down').addEventListener('click', () => void sendFeedback('negative'));
$('retry-button').addEventListener('click', () => current.state?.question && void ask(current.state.question));
wireLightbox();
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
void loadAbout();
const refreshWatch = () => loadWatch({ api, openRun, container: $('watch') });
$('refresh-watch').addEventListener('click', () => void refreshWatch());
void refreshWatch();
const fromHash = /^#run=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
if (fromHash) void openRun(fromHash[1]);
