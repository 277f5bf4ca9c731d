/**
 * The synthesis check: every figure in an answer must come from a tool output. Extracts the numbers in the
 * answer and flags those that match no number in the inputs synthesis was given (rounded to the answer's own
 * precision). Dates and the conventional indicator parameters (RSI 14, SMA 20/50/200, 30/70 bands…) are allowed.
 */
import type { SynthesisInput } from './synthesis-model.js';

const CONVENTIONS = [1, 2, 3, 5, 6, 9, 12, 14, 20, 26, 30, 50, 52, 70, 100, 200];
const NUMBER = /[-+−]?\$?\d[\d,]*(?:\.\d+)?/g;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

export function findUnsupportedFigures(answer: string, input: Pick<SynthesisInput, 'results' | 'entities' | 'asOfLine'> & Partial<SynthesisInput>): string[] {
  const known = new Set<number>(CONVENTIONS);
  collectNumbers(input.results, known);
  collectNumbers(input.entities, known);
  collectNumbers(input.asOfLine, known);
  collectNumbers(input.question ?? '', known);
  collectNumbers(input.notes ?? [], known);
  collectNumbers(input.gaps ?? [], known);
  const knownList = [...known];
  const flagged: string[] = [];
  const text = answer.replace(DATE, ' ');
  for (const match of text.matchAll(NUMBER)) {
    const raw = match[0];
    const cleaned = raw.replace(/[$,+]/g, '').replace('−', '-');
    const value = Math.abs(Number(cleaned));
    if (!Number.isFinite(value)) continue;
    // Years and "Q1"-style numbers inside words are not figures.
    if (/^\d{4}$/.test(cleaned) && value >= 1990 && value <= 2100) continue;
    const decimals = cleaned.includes('.') ? cleaned.split('.')[1].length : 0;
    // The answer's figure must be a rounding of some known number at the answer's own precision.
    const tolerance = 0.5 * 10 ** -decimals + 1e-9;
    const ok = knownList.some((k) => Math.abs(Math.abs(k) - value) <= tolerance);
    if (!ok) flagged.push(raw);
  }
  return [...new Set(flagged)];
}

function collectNumbers(value: unknown, out: Set<number>, depth = 0): void {
  if (depth > 12 || value === null || value === undefined) return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) out.add(value);
  } else if (typeof value === 'string') {
    for (const m of value.replace(DATE, (d) => ` ${d.replace(/-/g, ' ')} `).matchAll(NUMBER)) {
      const n = Number(m[0].replace(/[$,+]/g, '').replace('−', '-'));
      if (Number.isFinite(n)) out.add(n);
    }
  } else if (Array.isArray(value)) {
    // Long numeric arrays (series) are not what an answer quotes; sample their ends to stay cheap.
    const items = value.length > 400 ? [...value.slice(0, 5), ...value.slice(-50)] : value;
    for (const item of items) collectNumbers(item, out, depth + 1);
  } else if (typeof value === 'object') {
    for (const item of Object.values(value as Record<string, unknown>)) collectNumbers(item, out, depth + 1);
  }
}
