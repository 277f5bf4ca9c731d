/**
 * Start-up self-check: render text through the same path as charts (the configured rasterizer: Skia with the font
 * fontconfig resolves, or SVG → sharp/librsvg → fontconfig) and refuse to run when glyphs come out missing (blank),
 * as tofu boxes, or in another font than the one layout measured with. A broken chart is worse than none: it looks
 * fine to the code and is unreadable to people and models.
 */
import { BotError } from '../../errors.js';
import { getRasterizer, type GreyPixels, type Rasterizer, type RasterizerName } from './rasterizer.js';
import { CHART_FONT, measureText } from './text-metrics.js';

export type FontCheckResult = { family: string; rasterizer: RasterizerName; inkWidth: number; expectedWidth: number; narrowToWideRatio: number; durationMs: number };

const SIZE = 40;
const ROWS = [
  // Capitals whose advances differ most between DejaVu Sans and its Serif/Mono siblings (~17%).
  { text: 'HEIMNLFTUK 123', bold: false },
  { text: 'iiiiiiiiiiii', bold: false },
  { text: 'WWWWWWWWWWWW', bold: false },
  { text: 'SMA50 182.4', bold: true },
] as const;
const ROW_H = 64;
const WIDTH = 900;

/** Ink extent (first/last dark column) and dark-pixel count of each row band. */
function inkPerRow(image: GreyPixels): { left: number; right: number; pixels: number }[] {
  return ROWS.map((_, k) => {
    let left = Infinity;
    let right = -1;
    let pixels = 0;
    for (let y = k * ROW_H; y < (k + 1) * ROW_H; y++) {
      for (let x = 0; x < image.width; x++) {
        if (image.data[(y * image.width + x) * image.channels] >= 128) continue;
        pixels++;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    return { left, right, pixels };
  });
}

/**
 * Throws BotError `fonts_missing` with a fix-it message when chart text would not render in `family`.
 * @param family @default CHART_FONT ("DejaVu Sans")
 * @param rasterizer the one charts use @default 'skia'
 */
export async function checkFonts(options: { family?: string; rasterizer?: RasterizerName | Rasterizer } = {}): Promise<FontCheckResult> {
  const family = options.family ?? CHART_FONT;
  const rasterizer = typeof options.rasterizer === 'object' ? options.rasterizer : getRasterizer(options.rasterizer);
  const started = performance.now();
  let rows: ReturnType<typeof inkPerRow>;
  try {
    rows = inkPerRow(await rasterizer.drawText({ family, sizePx: SIZE, rows: ROWS, width: WIDTH, rowHeight: ROW_H }));
  } catch (error) {
    if (BotError.is(error) && error.code === 'fonts_missing') throw fail(family, error.message.replace(/^chart font check failed: /, ''));
    // Not a font problem (e.g. the Skia addon did not load): its own message says what to do.
    if (BotError.is(error)) throw error;
    throw fail(family, `text could not be rasterized (${(error as Error).message})`);
  }
  const blank = rows.findIndex((r) => r.pixels < 30);
  if (blank >= 0) throw fail(family, `"${ROWS[blank].text}" rendered blank (no glyphs at all)`);
  const widths = rows.map((r) => r.right - r.left + 1);
  // Tofu boxes all have the same width; real glyphs make "WWW…" about 3.5× wider than "iii…".
  const ratio = widths[2] / widths[1];
  if (ratio < 2.2) throw fail(family, `glyphs render as same-width boxes (tofu): "W…" is only ${ratio.toFixed(2)}× as wide as "i…"`);
  for (const k of [0, 3]) {
    const expected = measureText(ROWS[k].text, { size: SIZE, bold: ROWS[k].bold });
    const deviation = Math.abs(widths[k] - expected) / expected;
    // Ink is a little narrower than the advance sum (side bearings): 6% tolerates that, not another font.
    if (deviation > 0.06)
      throw fail(family, `"${ROWS[k].text}" is ${widths[k]} px wide but ${family} measures ${expected.toFixed(0)} px: another font is substituting for it`);
  }
  const expectedWidth = measureText(ROWS[0].text, { size: SIZE });
  return { family, rasterizer: rasterizer.name, inkWidth: widths[0], expectedWidth, narrowToWideRatio: ratio, durationMs: performance.now() - started };
}

function fail(family: string, problem: string): BotError {
  return new BotError(
    'fonts_missing',
    `chart font check failed: ${problem}. Charts would be unreadable, so rendering is refused. ` +
      `Install the "${family}" font with fontconfig (Debian: apt-get install fonts-dejavu-core fontconfig; see the Dockerfile) ` +
      `or point FONTCONFIG_PATH at a fonts.conf that provides it.`,
    { details: { family } },
  );
}
