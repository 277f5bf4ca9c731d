/**
 * Reads horizontal advance widths out of a TrueType font (cmap format 4 + hmtx), in em units.
 * Used to generate and verify `dejavu-sans-metrics.ts`, so that chart layout measures text with the very font
 * librsvg renders it with (vega otherwise guesses 0.8 × length × size without a canvas).
 *
 * Regenerate the table after changing fonts:
 *   npx tsx src/render/charts/ttf-advances.ts /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
 *     /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf > src/render/charts/dejavu-sans-metrics.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The characters chart text uses: printable ASCII plus a few symbols labels print. */
export const MEASURED_CHARS: string = (() => {
  let ascii = '';
  for (let code = 32; code < 127; code++) ascii += String.fromCharCode(code);
  return ascii + '\u00a0\u2212\u2013\u2014\u2026\u2022\u00b7\u00b0\u25b2\u25bc\u2191\u2193\u2192\u00d7\u00b1\u20ac\u00a3';
})();

type Table = { offset: number; length: number };

function tables(font: Buffer): Map<string, Table> {
  const count = font.readUInt16BE(4);
  const out = new Map<string, Table>();
  for (let i = 0; i < count; i++) {
    const rec = 12 + i * 16;
    out.set(font.toString('latin1', rec, rec + 4), { offset: font.readUInt32BE(rec + 8), length: font.readUInt32BE(rec + 12) });
  }
  return out;
}

/** Glyph id for a BMP code point via the (3,1) format-4 cmap subtable; 0 (.notdef) when absent. */
function glyphLookup(font: Buffer, cmap: Table): (code: number) => number {
  const n = font.readUInt16BE(cmap.offset + 2);
  let sub = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap.offset + 4 + i * 8;
    const platform = font.readUInt16BE(rec);
    const encoding = font.readUInt16BE(rec + 2);
    const offset = cmap.offset + font.readUInt32BE(rec + 4);
    if (platform === 3 && encoding === 1 && font.readUInt16BE(offset) === 4) sub = offset;
  }
  if (sub < 0) throw new Error('font has no Windows Unicode BMP (format 4) cmap');
  const segX2 = font.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return (code) => {
    for (let s = 0; s < segX2; s += 2) {
      if (font.readUInt16BE(ends + s) < code) continue;
      const start = font.readUInt16BE(starts + s);
      if (start > code) return 0;
      const delta = font.readInt16BE(deltas + s);
      const ro = font.readUInt16BE(rangeOffsets + s);
      if (ro === 0) return (code + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + s + ro + (code - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

export type FontAdvances = { family: string; unitsPerEm: number; advances: Record<string, number>; fallback: number };

/** Advance width of each char of `chars`, as a fraction of the em (multiply by font size in px). */
export function readAdvances(font: Buffer, chars: string = MEASURED_CHARS): FontAdvances {
  const t = tables(font);
  const head = t.get('head');
  const hhea = t.get('hhea');
  const hmtx = t.get('hmtx');
  const cmap = t.get('cmap');
  const name = t.get('name');
  if (!head || !hhea || !hmtx || !cmap || !name) throw new Error('not a TrueType font with head/hhea/hmtx/cmap/name tables');
  const unitsPerEm = font.readUInt16BE(head.offset + 18);
  const numberOfHMetrics = font.readUInt16BE(hhea.offset + 34);
  const advanceOf = (glyph: number) => font.readUInt16BE(hmtx.offset + Math.min(glyph, numberOfHMetrics - 1) * 4);
  const lookup = glyphLookup(font, cmap);
  const advances: Record<string, number> = {};
  for (const ch of chars) {
    const glyph = lookup(ch.codePointAt(0) ?? 0);
    if (glyph !== 0) advances[ch] = round4(advanceOf(glyph) / unitsPerEm);
  }
  // Unknown chars: the width of "0" is a fair middle for sans fonts.
  return { family: readFamily(font, name), unitsPerEm, advances, fallback: advances['0'] ?? 0.6 };
}

function readFamily(font: Buffer, name: Table): string {
  const count = font.readUInt16BE(name.offset + 2);
  const strings = name.offset + font.readUInt16BE(name.offset + 4);
  for (let i = 0; i < count; i++) {
    const rec = name.offset + 6 + i * 12;
    const [platform, , , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((d) => font.readUInt16BE(rec + d));
    if (nameId !== 1) continue;
    const bytes = font.subarray(strings + offset, strings + offset + length);
    if (platform === 3) return bytes.swap16().toString('utf16le');
    if (platform === 1) return bytes.toString('latin1');
  }
  return 'unknown';
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

// CLI: print the generated metrics module.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [regularPath, boldPath] = process.argv.slice(2);
  if (!regularPath || !boldPath) {
    console.error('usage: tsx src/render/charts/ttf-advances.ts <regular.ttf> <bold.ttf>');
    process.exit(2);
  }
  const regular = readAdvances(readFileSync(regularPath));
  const bold = readAdvances(readFileSync(boldPath));
  process.stdout.write(
    `/** Generated by src/render/charts/ttf-advances.ts from ${regular.family} (regular + bold): advance widths in em. Do not edit. */\n` +
      `import type { FontAdvances } from './ttf-advances.js';\n\n` +
      `export const DEJAVU_SANS_REGULAR: FontAdvances = ${JSON.stringify(regular)};\n` +
      `export const DEJAVU_SANS_BOLD: FontAdvances = ${JSON.stringify(bold)};\n`,
  );
}
