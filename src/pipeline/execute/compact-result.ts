/** A step's output as the model roles see it (synthesis, replanner): a summary and compact data, never raw bars. */
export type CompactResult = { stepId: string; tool: string; label: string; summary: string; data: unknown };
