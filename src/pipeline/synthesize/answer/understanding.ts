/**
 * What the first paragraph says before it answers: how a near-miss was read ("Reading “Nvidea” as NVDA."), the words
 * that were not used and what the answer covers instead ("I couldn't read “since the fed meeting”, so this covers the
 * past 3 months."), symbols there is no data for. Nothing the router did not understand is left unsaid.
 */
import type { SynthesisInput } from '../synthesis-model.js';
import { list } from './format.js';

export function understandingSentences(input: SynthesisInput): string[] {
  const { understanding, entities } = input;
  const out: string[] = [];
  const readings = understanding.corrections.map((c) => `“${c.typed}” as ${c.read}`);
  if (readings.length > 0) out.push(`Reading ${list(readings)}.`);
  if (understanding.unparsed.length > 0) {
    const words = list(understanding.unparsed.map((u) => `“${u}”`));
    const p = entities.period;
    out.push(`I couldn't read ${words}, so this covers ${p.label} (${p.from} → ${p.to}) instead.`);
  }
  const missing = entities.unknown.filter((s) => !entities.tickers.includes(s));
  if (missing.length > 0 && entities.tickers.length > 0) {
    out.push(`I have no data for ${list(missing)}, so ${missing.length === 1 ? 'it is' : 'they are'} left out.`);
  }
  return out;
}
