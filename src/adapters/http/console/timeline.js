// Step durations on a timeline (a small Gantt): each step's bar runs from its start to its end (or to now while it
// runs), on a scale from the run's creation. DOM APIs only.
import { formatMs } from './plan-graph.js';

const time = (iso) => (iso ? Date.parse(iso) : undefined);

export function renderTimeline(container, state, now = Date.now()) {
  container.replaceChildren();
  const origin = time(state.createdAt);
  const started = state.steps.filter((s) => s.startedAt);
  if (origin === undefined || started.length === 0) return;
  // A finished run is drawn to its end; a live one to now.
  const fallbackEnd = state.done ? (time(state.endedAt) ?? now) : now;
  const end = Math.max(fallbackEnd, ...started.map((s) => time(s.endedAt) ?? fallbackEnd));
  const span = Math.max(1, end - origin);
  for (const step of state.steps) {
    const row = document.createElement('div');
    row.className = `tl-row status-${step.status}`;
    row.dataset.step = step.id;
    const label = document.createElement('span');
    label.className = 'tl-label';
    label.textContent = step.label;
    const track = document.createElement('span');
    track.className = 'tl-track';
    const value = document.createElement('span');
    value.className = 'tl-value';
    if (step.startedAt) {
      const s = time(step.startedAt) - origin;
      const e = (time(step.endedAt) ?? fallbackEnd) - origin;
      const bar = document.createElement('span');
      bar.className = 'tl-bar';
      bar.style.left = `${(100 * s) / span}%`;
      bar.style.width = `${Math.max(0.5, (100 * (e - s)) / span)}%`;
      track.append(bar);
      value.textContent = formatMs(step.durationMs ?? e - s);
    } else {
      value.textContent = step.status === 'pending' ? '' : step.status;
    }
    row.append(label, track, value);
    container.append(row);
  }
  const total = document.createElement('div');
  total.className = 'tl-total';
  total.textContent = `run ${state.done ? 'took' : 'running for'} ${formatMs(end - origin)}`;
  container.append(total);
}
