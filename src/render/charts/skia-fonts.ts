/**
 * The Skia canvas and the chart font it draws with. Skia scans /usr/share/fonts by itself and would happily draw
 * with whatever it finds there; we want the one font the layout measured, found the way librsvg and the Dockerfile
 * find it: through fontconfig. So the files fontconfig resolves for the chart family (regular and bold) are
 * registered with Skia under a private alias, and each chart context maps the family vega asks for to that alias.
 * (Registering under the family's own name is not enough: which of two same-named faces Skia picks differs between
 * @napi-rs/canvas releases, and the scanned one can win.) When fontconfig resolves nothing we refuse instead of
 * letting Skia fall back silently.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BotError } from '../../errors.js';

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

/** The private family name the chart font's files are registered under (no spaces: no quoting in `ctx.font`). */
export function chartFontAlias(family: string): string {
  return `MarketdeskChart-${family.replace(/[^A-Za-z0-9]/g, '')}`;
}

/**
 * Makes `ctx` draw `family` with the registered alias: vega sets `ctx.font = "bold 14px DejaVu Sans"` per text
 * item; an own `font` accessor rewrites the family and hands the rest to the native setter. Once per context.
 */
export function useChartFont(ctx: object, family: string): void {
  if (Object.hasOwn(ctx, 'font')) return;
  let proto = Object.getPrototypeOf(ctx) as object | null;
  while (proto && !Object.getOwnPropertyDescriptor(proto, 'font')) proto = Object.getPrototypeOf(proto) as object | null;
  const native = proto && Object.getOwnPropertyDescriptor(proto, 'font');
  if (!native?.get || !native.set) throw new BotError('render_failed', 'the Skia canvas context has no font property');
  const alias = chartFontAlias(family);
  const names = [family, `"${family}"`, `'${family}'`];
  Object.defineProperty(ctx, 'font', {
    configurable: true,
    get() {
      return native.get!.call(this);
    },
    set(value: string) {
      const name = names.find((n) => value.endsWith(n));
      native.set!.call(this, name ? value.slice(0, value.length - name.length) + alias : value);
    },
  });
}

/** Registers fontconfig's files for `family` (regular + bold) with Skia under its alias, once per process. */
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
        if (!GlobalFonts.registerFromPath(file, chartFontAlias(family))) throw new BotError('fonts_missing', `Skia could not load the font file ${file} for "${family}"`, { details: { family } });
      }
    })();
    registered.set(family, done);
    done.catch(() => registered.delete(family));
  }
  return done;
}
