/**
 * The builtin (offline, deterministic) synthesis model. The first paragraph answers the question asked — after
 * saying how anything not understood was read — and the rest supports it (see answer/). Every number is formatted
 * from a tool output; nothing is computed here that a tool did not compute, except rounding.
 */
import type { SynthesisInput, SynthesisModel } from './synthesis-model.js';
import { declineSentence } from './answer/decline.js';
import { caveatsSection, detailSections, footnotes, sourceLine } from './answer/details.js';
import { leadSentences } from './answer/lead.js';
import { readResults } from './answer/results.js';
import { understandingSentences } from './answer/understanding.js';

export class BuiltinSynthesis implements SynthesisModel {
  readonly id = 'builtin';

  async synthesize(input: SynthesisInput, options: { signal: AbortSignal; onDelta?: (text: string) => void }) {
    const sections = writeAnswer(input);
    let text = '';
    for (const section of sections) {
      options.signal.throwIfAborted();
      const chunk = (text ? '\n\n' : '') + section;
      text += chunk;
      options.onDelta?.(chunk);
    }
    return { text };
  }
}

export function writeAnswer(input: SynthesisInput): string[] {
  const r = readResults(input.results);
  const lead = leadSentences(input, r);
  const first = [...understandingSentences(input), declineSentence(input, lead !== undefined), lead].filter((s): s is string => Boolean(s));
  const sections: string[] = [];
  if (first.length > 0 && lead !== undefined) sections.push(first.join(' '));
  else if (first.length > 0) sections.push([...first, 'I could not get the figures to answer it from the data I have; what is missing is listed below.'].join(' '));
  else sections.push('I could not get the figures to answer this from the data I have; what is missing is listed below.');
  sections.push(...detailSections(input, r));
  const caveats = caveatsSection(input);
  if (caveats) sections.push(caveats);
  sections.push(sourceLine(input));
  const notes = footnotes(input);
  if (notes) sections.push(notes);
  return sections;
}
