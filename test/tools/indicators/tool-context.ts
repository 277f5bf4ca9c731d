/** Test helper: a ToolContext for pure-compute tools, which never touch services. */
import type { ToolContext } from '../../../src/tools/define-tool.js';
import type { ToolServices } from '../../../src/tools/services.js';
import { FaultInjector } from '../../../src/faults.js';
import { silentLogger } from '../../../src/logger.js';

export function computeContext(signal: AbortSignal = new AbortController().signal): ToolContext & { progress: string[] } {
  const progress: string[] = [];
  // Compute tools read nothing from services; anything they did read would be undefined and fail the test.
  const services = { faults: new FaultInjector() } as unknown as ToolServices;
  return { signal, runId: 'run_test', stepId: 'step_test', emit: (message) => progress.push(message), log: silentLogger, services, progress };
}
