export { initTelemetry, getTracer, type Telemetry, type TelemetryOptions } from './telemetry.setup';
export {
  CICD,
  traceIdForRun,
  runRootContext,
  stageParent,
  withStageSpan,
  currentTraceparent,
  contextFromTraceparent,
  type StageSpanOptions,
  type StageOutcome,
} from './pipeline-trace';
export { createLogger, SENSITIVE_FIELDS, type Logger } from './logger';
