/**
 * The Skia canvas and the chart font it draws with. Skia scans /usr/share/fonts by itself and would happily draw
 * with whatever it finds there; we want the one font the layout measured, found the way librsvg and the Dockerfile
 * find it: through fontconfig. So the files fontconfig resolves for the chart family (regular and bold) are
 * registered with Skia under that family name (registered fonts win over scanned ones), and when fontconfig
 * resolves nothing we refuse instead of letting Skia fall back silently.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BotError } from '../errors.js';

export type SkiaModule = typeof import('@napi-rs/canvas');

const run = promisify(execFile);
let skia: Promise<SkiaModule> | undefined;
const registered = new Map<string, Promise<void>>();

/** The @napi-rs/canvas module, loaded on first use (a native addon: a clear error when this platform lacks it). */
export function loadSkia(): Promise<SkiaModule> {
  skia ??= import('@napi-rs/canvas').catch((error: unknown) => {
    skia = undefined;
    throw new BotError(
      'render_failed',
      `the skia chart rasterizer needs @napi-rs/canvas, which did not load here (${(error as Error).message}); set CHART_RASTERIZER=librsvg`,
      { cause: error },
    );
  });
  return skia;
}

/** The font file fontconfig picks for `pattern` (e.g. "DejaVu Sans:bold"), or undefined when it has none. */
async function fontconfigFile(pattern: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('fc-match', ['--format=%{file}', pattern], { timeout: 10_000 });
    return stdout.trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new BotError('fonts_missing', 'chart font check failed: fontconfig (fc-match) is not installed. Debian: apt-get install fontconfig fonts-dejavu-core', {
        cause: error,
      });
    throw error;
  }
}

/** Registers fontconfig's files for `family` (regular + bold) with Skia, once per process and family. */
export function registerChartFont(family: string): Promise<void> {
  let done = registered.get(family);
  if (!done) {
    done = (async () => {
      const { GlobalFonts } = await loadSkia();
      const [regular, bold] = await Promise.all([fontconfigFile(`${family}:weight=regular`), fontconfigFile(`${family}:bold`)]);
      if (!regular || !bold)
        throw new BotError('fonts_missing', `fontconfig finds no font file for "${family}" (text would render blank, as tofu or in a fallback font)`, {
          details: { family },
        });
      for (const file of new Set([regular, bold])) {
        if (!GlobalFonts.registerFromPath(file, family)) throw new BotError('fonts_missing', `Skia could not load the font file ${file} for "${family}"`, { details: { family } });
      }
    })();
    registered.set(family, done);
    done.catch(() => registered.delete(family));
  }
  return done;
}
