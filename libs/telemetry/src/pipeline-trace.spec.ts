import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { CICD, contextFromTraceparent, currentTraceparent, initTelemetry, traceIdForRun, withStageSpan } from './index';

const exporter = new InMemorySpanExporter();
const telemetry = initTelemetry({ serviceName: 'telemetry-spec', spanExporter: exporter, exportImmediately: true });

afterAll(() => telemetry.shutdown());
beforeEach(() => exporter.reset());

describe(withStageSpan.name, () => {
  it('puts every stage of one run in the same trace when the stages run independently', async () => {
    const run = 'https://ci.example.internal/job/pump-firmware/42/';
    await withStageSpan({ name: 'ingest', pipelineRunId: run, taskName: 'ingest' }, async () => undefined);
    await withStageSpan({ name: 'sbom', pipelineRunId: run, taskName: 'sbom', taskType: 'build' }, async () => undefined);
    await withStageSpan({ name: 'other run', pipelineRunId: `${run}x`, taskName: 'ingest' }, async () => undefined);

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.spanContext().traceId)).toEqual([traceIdForRun(run), traceIdForRun(run), traceIdForRun(`${run}x`)]);
    expect(traceIdForRun(run)).toMatch(/^[0-9a-f]{32}$/);
    expect(spans[1].attributes).toMatchObject({
      [CICD.pipelineRunId]: run,
      [CICD.taskName]: 'sbom',
      [CICD.taskType]: 'build',
      [CICD.result]: 'success',
    });
  });

  it('continues a carried context of the same run and links a foreign one', async () => {
    const run = 'run-7';
    let inner: string | undefined;
    await withStageSpan({ name: 'publish', pipelineRunId: run, taskName: 'publish' }, async () => {
      inner = currentTraceparent();
    });
    await withStageSpan({ name: 'consume', pipelineRunId: run, taskName: 'consume', carried: contextFromTraceparent(inner) }, async () => undefined);
    const foreign = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await withStageSpan({ name: 'foreign', pipelineRunId: run, taskName: 'x', carried: contextFromTraceparent(foreign) }, async () => undefined);

    const [publish, consume, linked] = exporter.getFinishedSpans();
    expect(consume.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(linked.spanContext().traceId).toBe(traceIdForRun(run));
    expect(linked.links.map((l) => l.context.traceId)).toEqual(['0af7651916cd43dd8448eb211c80319c']);
  });

  it('records the error outcome and rethrows when the stage fails', async () => {
    await expect(
      withStageSpan({ name: 'gate', pipelineRunId: 'r', taskName: 'gate' }, async () => {
        throw new Error('critical finding');
      }),
    ).rejects.toThrow('critical finding');
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'critical finding' });
    expect(span.attributes[CICD.result]).toBe('error');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe(contextFromTraceparent.name, () => {
  it('returns nothing for a malformed traceparent', () => {
    expect(contextFromTraceparent('00-zz-yy-01')).toBeUndefined();
    expect(contextFromTraceparent(undefined)).toBeUndefined();
  });
});
