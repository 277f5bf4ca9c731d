// Plan vs execution side by side — the planned steps next to what ran (status, attempts, errors, fallbacks and
// revisions), so one look tells bad planning from bad execution. DOM APIs (textContent) only.
import { stepCaption } from './plan-graph.js';

export function cell(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text ?? '';
  if (className) node.className = className;
  return node;
}

/** Plan vs execution side by side: was it bad planning or bad execution? */
export function renderCompare(container, verdict, state) {
  const planned = document.createElement('div');
  planned.className = 'col';
  planned.append(cell('h3', `Planned${state.planner ? ` (${state.planner})` : ''}`));
  const plannedList = document.createElement('ol');
  for (const step of state.plannedSteps) {
    const li = document.createElement('li');
    li.append(cell('strong', step.label), cell('code', step.tool), cell('span', step.dependsOn.length ? `after ${step.dependsOn.join(', ')}` : 'no dependencies', 'muted'));
    plannedList.append(li);
  }
  planned.append(plannedList);

  const executed = document.createElement('div');
  executed.className = 'col';
  executed.append(cell('h3', 'Executed'));
  const executedList = document.createElement('ol');
  const plannedIds = new Set(state.plannedSteps.map((s) => s.id));
  for (const step of state.steps) {
    const li = document.createElement('li');
    li.className = `status-${step.status}${plannedIds.has(step.id) ? '' : ' added'}`;
    li.dataset.step = step.id;
    li.append(cell('strong', step.label), cell('span', stepCaption(step), 'state'));
    if (step.attempts > 1) li.append(cell('span', `${step.attempts} attempts`, 'muted'));
    if (step.summary) li.append(cell('span', step.summary, 'summary'));
    if (step.error && step.status !== 'succeeded') li.append(cell('span', step.error.message, 'error'));
    if (step.replaces) li.append(cell('span', `stands in for ${step.replaces}`, 'muted'));
    executedList.append(li);
  }
  executed.append(executedList);
  if (state.revisions.length) {
    executed.append(cell('h3', 'Revisions'));
    const list = document.createElement('ul');
    for (const r of state.revisions) list.append(cell('li', `${r.reason}: −${r.removed.join(', ') || 'nothing'} +${r.added.join(', ') || 'nothing'}`));
    executed.append(list);
  }
  container.replaceChildren(planned, executed);

  const count = (status) => state.steps.filter((s) => s.status === status).length;
  const parts = [`${state.plannedSteps.length} steps planned`];
  for (const status of ['succeeded', 'failed', 'replaced', 'skipped', 'running']) if (count(status)) parts.push(`${count(status)} ${status}`);
  if (state.revisions.length) parts.push(`${state.revisions.length} revision${state.revisions.length > 1 ? 's' : ''}`);
  verdict.textContent = parts.join(' · ');
}
