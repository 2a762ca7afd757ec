import { metrics, trace, type Tracer } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface TelemetryOptions {
  serviceName: string;
  /** Where finished spans go; an in-memory exporter in tests, an OTLP exporter in production. */
  spanExporter?: SpanExporter;
  /** Export each span at once (tests) instead of in batches. */
  exportImmediately?: boolean;
}

export interface Telemetry {
  tracer: Tracer;
  /** Serves the Prometheus text format; mount it on the app's `/metrics`. */
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void;
  shutdown(): Promise<void>;
}

let active: Telemetry | undefined;

/**
 * Sets up tracing and metrics once per process, before anything else runs, so
 * every later module records into the same providers. Calling it again returns
 * the existing setup: tests and apps may both ask for it.
 */
export function initTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return active;
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName });
  const spanProcessors: SpanProcessor[] = [];
  if (options.spanExporter) {
    spanProcessors.push(
      options.exportImmediately ? new SimpleSpanProcessor(options.spanExporter) : new BatchSpanProcessor(options.spanExporter),
    );
  }
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator.
  tracerProvider.register();

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ resource, readers: [prometheus] });
  metrics.setGlobalMeterProvider(meterProvider);

  active = {
    tracer: trace.getTracer('tollgate', '0.1.0'),
    metricsHandler: (req, res) => prometheus.getMetricsRequestHandler(req, res),
    shutdown: async () => {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      active = undefined;
    },
  };
  return active;
}

export function getTracer(): Tracer {
  return trace.getTracer('tollgate', '0.1.0');
}
