/**
 * The REST snapshot of a run: the RunState fold, plus the URLs a client needs. Artifacts are referenced by URL;
 * server file paths are not exposed.
 */
import type { RunState } from '../../pipeline/index.js';

export const runUrl = (runId: string) => `/api/runs/${encodeURIComponent(runId)}`;
export const eventsUrl = (runId: string) => `${runUrl(runId)}/events`;
export const artifactUrl = (runId: string, name: string) => `${runUrl(runId)}/artifacts/${encodeURIComponent(name)}`;

export function runView(state: RunState) {
  const { artifacts, runId, ...rest } = state;
  return {
    id: runId,
    ...rest,
    artifacts: artifacts.map((artifact) => ({ ...artifact, url: artifactUrl(runId, artifact.name) })),
    eventsUrl: eventsUrl(runId),
  };
}
export type RunView = ReturnType<typeof runView>;
