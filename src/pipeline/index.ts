/**
 * What surfaces (HTTP, Slack, Discord, CLI) may import from the pipeline: the run API, the event contract and the
 * fold. Nothing else — the lint (`npm run lint`) refuses a surface import of any other pipeline module.
 */
export type { ArtifactContent, RunApi, RunContext, RunSummary, StartRunInput, StartedRun, ThreadRef } from './run/run-api.js';
export { CHART_WINDOWS, type ChartRedraw, type ChartWindow, type FollowUpSuggestion, type RedrawnChart } from './run/chat-extras.js';
export type { EventListener, Unsubscribe } from './events/event-log.js';
export * from './events/events.js';
export * from './events/reduce.js';
export * from './events/event-json.js';
