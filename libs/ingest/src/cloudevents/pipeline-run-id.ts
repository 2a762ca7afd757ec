/**
 * Every Tollgate event carries `pipelinerunid`. Producers outside Tollgate
 * rarely set it, but for run and task events the run is named by the event
 * itself, so it is filled in rather than refused.
 */
export function withInferredPipelineRunId(event: unknown): unknown {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const ce = event as Record<string, unknown>;
  if (ce.pipelinerunid !== undefined) return event;
  const type = typeof ce.type === 'string' ? ce.type : '';
  const data = ce.data as { subject?: { id?: unknown; content?: { pipelineRun?: { id?: unknown } } } } | undefined;
  let inferred: unknown;
  if (type.startsWith('dev.cdevents.pipelinerun.')) inferred = data?.subject?.id;
  else if (type.startsWith('dev.cdevents.taskrun.')) inferred = data?.subject?.content?.pipelineRun?.id;
  return typeof inferred === 'string' && inferred ? { ...ce, pipelinerunid: inferred } : event;
}
