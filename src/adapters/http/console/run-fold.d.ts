// Types for the console's plain-JS fold (tests import it). The state has the server's RunState shape.
import type { RunEvent } from '../../../pipeline/events.js';
import type { RunState } from '../../../pipeline/reduce.js';
export type { RunState };
export function initialRunState(runId: string): RunState;
export function foldEvents(events: readonly RunEvent[], runId?: string): RunState;
export function applyEvent(prev: RunState, event: RunEvent): RunState;
