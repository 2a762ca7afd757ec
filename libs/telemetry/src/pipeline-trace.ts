import { createHash } from 'node:crypto';
import {
  context as otelContext,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Link,
} from '@opentelemetry/api';
import { getTracer } from './telemetry.setup';

/** OpenTelemetry CI/CD semantic convention attribute names. */
export const CICD = {
  pipelineName: 'cicd.pipeline.name',
  pipelineRunId: 'cicd.pipeline.run.id',
  taskName: 'cicd.pipeline.task.name',
  taskType: 'cicd.pipeline.task.type',
  result: 'cicd.pipeline.result',
} as const;

function digestHex(label: string, value: string, length: number): string {
  const hex = createHash('sha256').update(`tollgate:${label}:${value}`).digest('hex').slice(0, length);
  // All-zero ids are invalid in W3C trace context; the odds are negligible but the fix is free.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/**
 * The trace id of a pipeline run, derived from its id. Every service that
 * handles an event of the run computes the same value, so a build is one trace
 * even when its events arrive as unrelated HTTP requests (Jenkins sends four).
 */
export function traceIdForRun(pipelineRunId: string): string {
  return digestHex('trace', pipelineRunId, 32);
}

/** A context whose (remote, virtual) parent is the run's root span. */
export function runRootContext(pipelineRunId: string): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: traceIdForRun(pipelineRunId),
    spanId: digestHex('root-span', pipelineRunId, 16),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/**
 * The parent for a stage of a run: the carried context when it already belongs
 * to the run's trace, else the run's root with the foreign context kept as a link.
 */
export function stageParent(pipelineRunId: string, carried?: Context): { parent: Context; links: Link[] } {
  const carriedSpan = carried ? trace.getSpanContext(carried) : undefined;
  if (carriedSpan && carriedSpan.traceId === traceIdForRun(pipelineRunId)) return { parent: carried!, links: [] };
  return { parent: runRootContext(pipelineRunId), links: carriedSpan ? [{ context: carriedSpan }] : [] };
}

export interface StageSpanOptions {
  /** Span name, e.g. `ingest jenkins-webhook` or `credentials issue`. */
  name: string;
  pipelineRunId: string;
  pipelineName?: string;
  taskName: string;
  taskType?: 'build' | 'test' | 'deploy' | string;
  /** A context carried in by the message or request, if any. */
  carried?: Context;
  kind?: SpanKind;
  attributes?: Record<string, string | number | boolean>;
}

export type StageOutcome = 'success' | 'failure' | 'error';

/** Runs `fn` in a span that is a stage of the run's trace and records its outcome. */
export async function withStageSpan<T>(options: StageSpanOptions, fn: () => Promise<T>): Promise<T> {
  const { parent, links } = stageParent(options.pipelineRunId, options.carried);
  const span = getTracer().startSpan(
    options.name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      links,
      attributes: {
        [CICD.pipelineRunId]: options.pipelineRunId,
        [CICD.taskName]: options.taskName,
        ...(options.pipelineName ? { [CICD.pipelineName]: options.pipelineName } : {}),
        ...(options.taskType ? { [CICD.taskType]: options.taskType } : {}),
        ...options.attributes,
      },
    },
    parent,
  );
  try {
    const result = await otelContext.with(trace.setSpan(parent, span), fn);
    span.setAttribute(CICD.result, 'success');
    span.setStatus({ code: SpanStatusCode.OK });
    return result;
  } catch (error) {
    span.setAttribute(CICD.result, 'error');
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The W3C traceparent of the active span, to carry in an event's extension attribute. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(otelContext.active(), carrier);
  return carrier.traceparent;
}

/** A context built from a W3C traceparent (and optional tracestate) string. */
export function contextFromTraceparent(traceparent: string | undefined, tracestate?: string): Context | undefined {
  if (!traceparent) return undefined;
  const ctx = propagation.extract(ROOT_CONTEXT, { traceparent, ...(tracestate ? { tracestate } : {}) });
  return trace.getSpanContext(ctx) ? ctx : undefined;
}
