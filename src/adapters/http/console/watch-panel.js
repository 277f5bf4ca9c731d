// The console's watch panel (issue 17): every channel's watchlist, digest schedule and alerts from GET /api/watch,
// the digest and alert runs they produced (a click opens the run), a Delete button per alert, and a command box
// that sends `/watch …`, `/digest …`, `/alert …` for a channel through POST /api/watch/commands.
import { cell } from './compare-view.js';

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

const keyOf = (c) => `${c.platform}:${c.team ?? ''}:${c.channel}`;
const nameOf = (c) => `${c.platform} ${c.team ? `${c.team}/` : ''}${c.channel}`;
const describe = (a) =>
  a.condition.metric === 'price' ? `${a.symbol} ${a.condition.direction} ${a.condition.threshold}`
  : a.condition.metric === 'rsi' ? `${a.symbol} RSI(14) ${a.condition.direction} ${a.condition.threshold}`
  : `${a.symbol} crosses SMA${a.condition.period}`;

/** Renders the panel into `container`; `api` is the console's authenticated fetch, `openRun` opens a run. */
export async function loadWatch({ api, openRun, container }) {
  let body;
  try {
    body = await api('/api/watch');
  } catch (error) {
    container.replaceChildren(cell('p', `Watchlists unavailable: ${error.message}`, 'muted'));
    return;
  }
  const channels = new Map();
  const entry = (c) => {
    const k = keyOf(c);
    if (!channels.has(k)) channels.set(k, { channel: c, symbols: [], schedule: undefined, alerts: [], firings: [] });
    return channels.get(k);
  };
  for (const w of body.watchlists) entry(w.channel).symbols = w.symbols;
  for (const s of body.schedules) entry(s.channel).schedule = s;
  for (const a of body.alerts) entry(a.channel).alerts.push(a);
  for (const f of body.firings) channels.get(f.channelKey)?.firings.push(f);

  const items = [];
  for (const c of channels.values()) {
    const li = el('li', { className: 'watch-channel' });
    li.dataset.channel = keyOf(c.channel);
    li.append(cell('strong', nameOf(c.channel)));
    li.append(cell('span', c.symbols.length ? c.symbols.join(', ') : 'no symbols', 'watch-symbols'));
    li.append(cell('span', c.schedule ? `digest ${c.schedule.enabled ? `${c.schedule.time} ${c.schedule.timeZone}` : 'off'}` : 'no digest', 'when'));
    for (const a of c.alerts) {
      const row = el('div', { className: 'watch-alert' }, cell('span', `${describe(a)} · by ${a.createdBy} · fired ${a.firedCount}×`));
      const del = el('button', { type: 'button', textContent: 'Delete', title: `Delete alert ${a.id}` });
      del.addEventListener('click', async () => {
        await api(`/api/watch/alerts/${encodeURIComponent(a.id)}`, { method: 'DELETE' }).catch(() => undefined);
        void loadWatch({ api, openRun, container });
      });
      row.append(del);
      li.append(row);
    }
    for (const f of c.firings.slice(0, 5)) {
      if (!f.runId) continue;
      const link = el('button', { type: 'button', className: `recent-run status-${f.runStatus ?? 'running'}` }, cell('span', `${f.kind} ${f.date}`, 'q'), cell('span', f.runStatus ?? '', 'when'));
      link.addEventListener('click', () => void openRun(f.runId));
      li.append(link);
    }
    items.push(li);
  }
  const list = el('ol', { className: 'watch-list' }, ...items);
  const form = commandForm({ api, openRun, container });
  container.replaceChildren(items.length ? list : cell('p', 'No watchlists yet.', 'muted'), form);
}

function commandForm({ api, openRun, container }) {
  const form = el('form', { className: 'watch-form' });
  const platform = el('select', { name: 'platform', ariaLabel: 'Platform' }, ...['http', 'slack', 'discord'].map((p) => el('option', { value: p, textContent: p })));
  const channel = el('input', { name: 'channel', placeholder: 'channel id', required: true, maxLength: 100, ariaLabel: 'Channel' });
  const command = el('select', { name: 'command', ariaLabel: 'Command' }, ...['watch', 'digest', 'alert'].map((c) => el('option', { value: c, textContent: `/${c}` })));
  const text = el('input', { name: 'text', placeholder: 'add NVDA AMD', maxLength: 500, ariaLabel: 'Command text' });
  const out = el('p', { className: 'meta', role: 'status' });
  form.append(platform, channel, command, text, el('button', { type: 'submit', textContent: 'Send' }), out);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let reply;
    try {
      reply = await api('/api/watch/commands', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: { platform: platform.value, channel: channel.value.trim() }, command: command.value, text: text.value }) });
    } catch (error) {
      out.textContent = error.message;
      return;
    }
    out.textContent = reply.text;
    if (reply.runId) void openRun(reply.runId);
    void loadWatch({ api, openRun, container }).then(() => undefined);
  });
  return form;
}
