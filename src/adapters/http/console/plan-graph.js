// The plan as a DAG: one column per dependency depth, one node per step coloured by its state, edges from each
// dependency. Built with DOM APIs (textContent), never innerHTML, so labels cannot inject markup.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 240;
const NODE_H = 52;
const GAP_X = 56;
const GAP_Y = 14;
const PAD = 8;

const el = (name, attrs = {}, text) => {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
};

export const formatMs = (ms) => (ms === undefined ? '' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`);
const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Shortens an SVG text (already in the document) until it fits `width` px; fonts differ, so measure. */
function fit(text, width) {
  const full = text.textContent;
  let n = full.length;
  while (n > 4 && text.getComputedTextLength() > width) text.textContent = `${full.slice(0, --n)}…`;
}

/** Depth of each step: 0 without dependencies, else one more than its deepest dependency. */
export function layerSteps(steps) {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map();
  const visit = (step, trail) => {
    if (depth.has(step.id)) return depth.get(step.id);
    if (trail.has(step.id)) return 0; // a cycle cannot come from a validated plan; never loop on one
    trail.add(step.id);
    const deps = (step.dependsOn ?? []).map((id) => byId.get(id)).filter(Boolean);
    const d = deps.length ? 1 + Math.max(...deps.map((dep) => visit(dep, trail))) : 0;
    depth.set(step.id, d);
    return d;
  };
  for (const step of steps) visit(step, new Set());
  return depth;
}

export function stepCaption(step) {
  switch (step.status) {
    case 'succeeded':
      return `done · ${formatMs(step.durationMs)}`;
    case 'failed':
      return `failed${step.error ? ` · ${step.error.code}` : ''}`;
    case 'running':
      return step.attempts > 1 ? `running · attempt ${step.attempts}` : 'running…';
    case 'retrying':
      return 'retrying…';
    case 'replaced':
      return `replaced${step.replacedBy ? ` by ${step.replacedBy}` : ''}`;
    case 'skipped':
      return `skipped${step.note ? ` · ${step.note}` : ''}`;
    default:
      return 'waiting';
  }
}

/** Renders `steps` (RunState steps) into the <svg> element `svg`. */
export function renderPlanGraph(svg, steps) {
  svg.replaceChildren();
  if (!steps.length) {
    svg.setAttribute('viewBox', '0 0 10 10');
    svg.setAttribute('height', '0');
    return;
  }
  const depth = layerSteps(steps);
  const columns = [];
  for (const step of steps) (columns[depth.get(step.id)] ??= []).push(step);
  const pos = new Map();
  columns.forEach((column, c) =>
    column.forEach((step, r) => pos.set(step.id, { x: PAD + c * (NODE_W + GAP_X), y: PAD + r * (NODE_H + GAP_Y) })),
  );
  const width = PAD * 2 + columns.length * NODE_W + (columns.length - 1) * GAP_X;
  const height = PAD * 2 + Math.max(...columns.map((c) => c.length)) * (NODE_H + GAP_Y) - GAP_Y;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));

  const edges = el('g', { class: 'edges' });
  for (const step of steps) {
    const to = pos.get(step.id);
    for (const dep of step.dependsOn ?? []) {
      const from = pos.get(dep);
      if (!from) continue;
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      edges.append(el('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge' }));
    }
  }
  svg.append(edges);
  for (const step of steps) {
    const { x, y } = pos.get(step.id);
    const group = el('g', { class: `node status-${step.status}`, transform: `translate(${x},${y})`, 'data-step': step.id, 'data-status': step.status });
    group.append(el('title', {}, `${step.label}\n${step.tool} (${step.id})${step.summary ? `\n${step.summary}` : ''}${step.error ? `\n${step.error.message}` : ''}`));
    group.append(el('rect', { width: NODE_W, height: NODE_H, rx: 7 }));
    const label = el('text', { x: 10, y: 20, class: 'label' }, clip(step.label, 40));
    const caption = el('text', { x: 10, y: 38, class: 'caption' }, clip(`${stepCaption(step)} · ${step.tool}`, 48));
    group.append(label, caption);
    svg.append(group);
    fit(label, NODE_W - 18);
    fit(caption, NODE_W - 18);
  }
}
