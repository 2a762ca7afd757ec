import type { DynamicModule, ExceptionFilter } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@tollgate/telemetry';

/** What an app runs besides HTTP: its consumers, relay and timers. */
export interface ServedRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RunningService<R extends ServedRuntime> {
  app: NestFastifyApplication;
  runtime: R;
  /** `http://127.0.0.1:<port>` (the port the OS gave when PORT was 0). */
  url: string;
  /** HTTP first (no new requests), then the runtime; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Serves an app's module over Fastify and starts its runtime once the port is bound;
 * the same for main.ts and the end-to-end tests.
 */
export async function serveRuntime<R extends ServedRuntime>(options: {
  name: string;
  runtime: R;
  module: DynamicModule;
  filter: ExceptionFilter;
  port: number;
  host: string;
  /** Largest request body, in bytes (413 beyond). */
  bodyLimit: number;
  logger: Logger;
}): Promise<RunningService<R>> {
  const { runtime, logger } = options;
  const app = await NestFactory.create<NestFastifyApplication>(options.module, new FastifyAdapter({ bodyLimit: options.bodyLimit }), { logger: false });
  app.useGlobalFilters(options.filter);
  await app.listen(options.port, options.host);
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, `${options.name} listening`);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.close();
      await runtime.stop();
    })());
  return { app, runtime, url, close };
}
