import { Controller, Get, Inject, Req, Res, type Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the health endpoints ask of an app's runtime. */
export interface HealthSource {
  readiness(): Promise<{ ready: boolean; nats: 'up' | 'down'; postgres: 'up' | 'down' }>;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * `/healthz`, `/readyz` and `/metrics` for an app whose runtime is provided under `token`
 * (its runtime class).
 */
export function healthControllerFor(token: { prototype: HealthSource }): Type<unknown> {
  // Runtime classes keep their constructors private (they are built by create()): the class is only the DI token.
  const injectionToken = token as unknown as Type<HealthSource>;
  @Controller()
  class HealthController {
    constructor(@Inject(injectionToken) private readonly runtime: HealthSource) {}

    /**
     * Liveness: 200 while the process serves requests, whatever its dependencies
     * say (restarting a pod does not bring NATS back); their state is reported.
     */
    @Get('healthz')
    async healthz(): Promise<{ status: 'ok'; nats: 'up' | 'down'; postgres: 'up' | 'down' }> {
      const { nats, postgres } = await this.runtime.readiness();
      return { status: 'ok', nats, postgres };
    }

    /** Readiness: NATS connected and Postgres answering; 503 otherwise. */
    @Get('readyz')
    async readyz(@Res() reply: FastifyReply): Promise<void> {
      const state = await this.runtime.readiness();
      void reply.status(state.ready ? 200 : 503).send({ status: state.ready ? 'ready' : 'not ready', nats: state.nats, postgres: state.postgres });
    }

    @Get('metrics')
    metrics(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
      reply.hijack();
      this.runtime.metricsHandler(req.raw, reply.raw);
    }
  }
  return HealthController;
}
