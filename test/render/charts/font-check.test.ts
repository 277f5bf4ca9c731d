import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFonts } from '../../../src/render/charts/font-check.js';
import { RASTERIZER_NAMES, type RasterizerName } from '../../../src/render/charts/rasterizer.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'fontcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fontconfig config whose only font directory is `fontsDir` (fontconfig reads it once per process, hence a child). */
function fontconfig(name: string, fontsDir: string): string {
  const file = path.join(dir, `${name}.conf`);
  writeFileSync(
    file,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${fontsDir}</dir><cachedir>${path.join(dir, `cache-${name}`)}</cachedir></fontconfig>`,
  );
  return file;
}

async function checkInChild(fontconfigFile: string, rasterizer: RasterizerName, env: NodeJS.ProcessEnv = {}): Promise<{ ok: boolean; output: string }> {
  const script = `import('./src/render/charts/font-check.ts').then((m) => m.checkFonts({ rasterizer: '${rasterizer}' })).then((r) => console.log('OK', JSON.stringify(r)), (e) => { console.log(e.code, e.message); process.exitCode = 3; })`;
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, FONTCONFIG_FILE: fontconfigFile, ...env },
      timeout: 30_000,
    });
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout?: string; code?: number };
    return { ok: false, output: `${e.stdout ?? ''} (exit ${e.code})` };
  }
}

describe.each(RASTERIZER_NAMES)('checkFonts (start-up font self-check) with the %s rasterizer', (rasterizer) => {
  it('passes with DejaVu Sans installed and reports text of the measured width', async () => {
    const result = await checkFonts({ rasterizer });
    expect(result.family).toBe('DejaVu Sans');
    expect(result.rasterizer).toBe(rasterizer);
    expect(Math.abs(result.inkWidth - result.expectedWidth) / result.expectedWidth).toBeLessThan(0.06);
    expect(result.narrowToWideRatio).toBeGreaterThan(3);
  });

  it('fails with a clear message when no fonts are available (tofu/blank text)', async () => {
    const empty = path.join(dir, 'no-fonts');
    const result = await checkInChild(fontconfig('empty', empty), rasterizer);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('fonts_missing');
    expect(result.output).toMatch(/tofu|blank/);
    expect(result.output).toContain('fonts-dejavu-core');
  }, 40_000);

  it('fails when another font substitutes for DejaVu Sans (layout would be mis-measured)', async () => {
    // Skia finds DejaVu Sans in /usr/share/fonts by itself: this also shows the file fontconfig names is the one drawn.
    const serifOnly = path.join(dir, 'serif-only');
    await run('mkdir', ['-p', serifOnly]);
    if (!existsSync(path.join(serifOnly, 'DejaVuSerif.ttf'))) symlinkSync('/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf', path.join(serifOnly, 'DejaVuSerif.ttf'));
    const result = await checkInChild(fontconfig('serif', serifOnly), rasterizer);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('another font is substituting');
  }, 40_000);
});

describe('checkFonts with Skia and no fontconfig tools', () => {
  it('names the missing package instead of drawing with whatever font Skia finds', async () => {
    const bin = path.join(dir, 'bin-without-fc');
    await run('mkdir', ['-p', bin]);
    const result = await checkInChild(fontconfig('plain', '/usr/share/fonts'), 'skia', { PATH: bin });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('fonts_missing');
    expect(result.output).toContain('fc-match');
  }, 40_000);
});

describe('checkFonts with Skia on a platform without the addon', () => {
  it('fails with a message that names the way out (CHART_RASTERIZER=librsvg)', async () => {
    // A resolve hook in the child makes '@napi-rs/canvas' unloadable, as on a platform with no prebuilt binary.
    const hook = path.join(dir, 'no-skia-hooks.mjs');
    writeFileSync(hook, `export async function resolve(specifier, context, next) { if (specifier === '@napi-rs/canvas') throw new Error('no prebuilt binary for this platform'); return next(specifier, context); }`);
    const register = path.join(dir, 'no-skia-register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hook}`)});`);
    const result = await checkInChild(fontconfig('plain-addon', '/usr/share/fonts'), 'skia', { NODE_OPTIONS: `--import ${register}` });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('no prebuilt binary for this platform');
    expect(result.output).toContain('CHART_RASTERIZER=librsvg');
    // The reference rasterizer still works in the same conditions.
    const fallback = await checkInChild(fontconfig('plain-addon-rsvg', '/usr/share/fonts'), 'librsvg', { NODE_OPTIONS: `--import ${register}` });
    expect(fallback.ok).toBe(true);
  }, 40_000);
});
