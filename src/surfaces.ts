/**
 * Starts the surfaces that are configured (HTTP + console always; Slack and Discord when their tokens are set)
 * and stops them in order: stop taking new work, let in-flight runs finish (or mark them), close connections.
 */
import type { App } from './app.js';

export type Surface = { name: string; detail: string; stop(): Promise<void> };

export type RunningSurfaces = {
  describe(): Record<string, string>;
  summary(): string;
  stop(): Promise<void>;
};

export async function startSurfaces(app: App): Promise<RunningSurfaces> {
  const surfaces: Surface[] = [];
  surfaces.push({ name: 'cli', detail: 'npm run ask -- "question"', stop: async () => {} });
  return {
    describe: () => Object.fromEntries(surfaces.map((s) => [s.name, s.detail])),
    summary: () => surfaces.map((s) => `${s.name} (${s.detail})`).join(', '),
    stop: async () => {
      for (const surface of [...surfaces].reverse()) await surface.stop().catch(() => {});
      await app.pipeline.drain(15_000);
    },
  };
}
