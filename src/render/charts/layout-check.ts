/**
 * The automatic layout check: reads a laid-out Vega scenegraph and lists every text that collides — with another
 * text, with a data mark (candle, bar, wick, marker, line) or with the canvas edge. Tests run it over every chart
 * kind × size × input shape; a person should never be the first to notice "SMA20 ↑ SMA50" printed on a candle.
 *
 * Coordinates: vega keeps each item's bounds in its group's frame, so absolute boxes add the view origin and every
 * enclosing group's x/y. Area marks (the Bollinger band) and marks named `backdrop` (the asked-window shading) are
 * background and may sit under text; axis rules (grid, ticks, domain) are not data.
 */
import type * as vega from 'vega';

export type Box = { x1: number; y1: number; x2: number; y2: number };
export type Collision = { kind: 'text-text' | 'text-mark' | 'text-edge'; text: string; other: string; box: Box };

type SceneItem = { x?: number; y?: number; text?: unknown; bounds?: Box; items?: SceneMark[]; mark?: SceneMark };
type SceneMark = { marktype: string; name?: string; role?: string; items: SceneItem[] };

type Placed = { text: string; box: Box };
type Obstacle = { name: string; box?: Box; points?: { x: number; y: number }[] };

/** Text shorter than this overlap (px) in both directions is anti-aliasing, not a collision. */
const TOLERANCE = 0.75;
/** Horizontal space (px) two texts on one line keep between them. */
const TEXT_GAP = 4;

function collect(mark: SceneMark, dx: number, dy: number, texts: Placed[], obstacles: Obstacle[]): void {
  const isAxis = mark.role?.startsWith('axis') ?? false;
  for (const item of mark.items) {
    if (mark.marktype === 'group') {
      const gx = dx + (item.x ?? 0);
      const gy = dy + (item.y ?? 0);
      for (const child of item.items ?? []) collect(child, gx, gy, texts, obstacles);
      continue;
    }
    const b = item.bounds;
    if (!b || !Number.isFinite(b.x1)) continue;
    const box = { x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy };
    if (mark.marktype === 'text') {
      const text = String(item.text ?? '').trim();
      if (text && box.x2 > box.x1) texts.push({ text, box });
    } else if (isAxis || mark.marktype === 'area' || mark.name?.includes('backdrop')) {
      continue;
    } else if (mark.marktype === 'line') {
      continue; // joined into one polyline below
    } else {
      obstacles.push({ name: mark.name ?? mark.marktype, box });
    }
  }
  // A line is one item per point: joined, so the segments between points are tested too. Items with a null value
  // are gaps (warm-up) and break the line, as vega draws it.
  if (mark.marktype === 'line' && !isAxis) {
    let points: { x: number; y: number }[] = [];
    const flush = () => {
      if (points.length) obstacles.push({ name: mark.name ?? 'line', points });
      points = [];
    };
    for (const item of mark.items) {
      if (Number.isFinite(item.x) && Number.isFinite(item.y) && (item as { defined?: boolean }).defined !== false) points.push({ x: item.x! + dx, y: item.y! + dy });
      else flush();
    }
    flush();
  }
}

const overlaps = (a: Box, b: Box) =>
  Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > TOLERANCE && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > TOLERANCE;

/** Whether the segment p→q passes through the box (Liang–Barsky clipping). */
function segmentHits(p: { x: number; y: number }, q: { x: number; y: number }, box: Box): boolean {
  const b = { x1: box.x1 + TOLERANCE, y1: box.y1 + TOLERANCE, x2: box.x2 - TOLERANCE, y2: box.y2 - TOLERANCE };
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  for (const [num, den] of [
    [p.x - b.x1, -dx],
    [b.x2 - p.x, dx],
    [p.y - b.y1, -dy],
    [b.y2 - p.y, dy],
  ] as const) {
    if (den === 0) {
      if (num < 0) return false;
      continue;
    }
    const t = num / den;
    if (den < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

function hitsObstacle(box: Box, o: Obstacle): boolean {
  if (o.box) return overlaps(box, o.box);
  const pts = o.points ?? [];
  if (pts.length === 1) return segmentHits(pts[0], pts[0], box);
  for (let k = 1; k < pts.length; k++) if (segmentHits(pts[k - 1], pts[k], box)) return true;
  return false;
}

/** The texts and data marks of a laid-out view, in absolute canvas px. */
export function sceneContents(view: vega.View): { texts: Placed[]; obstacles: Obstacle[] } {
  const origin = (view as unknown as { origin(): [number, number] }).origin();
  const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
  const texts: Placed[] = [];
  const obstacles: Obstacle[] = [];
  collect(root, origin[0], origin[1], texts, obstacles);
  return { texts, obstacles };
}

/** Every collision on the chart; empty when the layout is clean. */
export function findCollisions(view: vega.View, canvas: { width: number; height: number }): Collision[] {
  const { texts, obstacles } = sceneContents(view);
  const out: Collision[] = [];
  texts.forEach((t, i) => {
    const { box } = t;
    if (box.x1 < -TOLERANCE || box.y1 < -TOLERANCE || box.x2 > canvas.width + TOLERANCE || box.y2 > canvas.height + TOLERANCE)
      out.push({ kind: 'text-edge', text: t.text, other: `canvas ${canvas.width}×${canvas.height}`, box });
    // Texts need a little air between them, not just no overlap: "Feb 17Feb 23" reads as one label.
    for (const u of texts.slice(i + 1)) if (overlaps({ ...box, x1: box.x1 - TEXT_GAP, x2: box.x2 + TEXT_GAP }, u.box)) out.push({ kind: 'text-text', text: t.text, other: u.text, box });
    for (const o of obstacles) if (hitsObstacle(box, o)) out.push({ kind: 'text-mark', text: t.text, other: o.name, box });
  });
  return out;
}
