import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PolicyEngineRuntime } from '../policy-engine.runtime';

@Controller()
export class HealthController {
  constructor(private readonly runtime: PolicyEngineRuntime) {}

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
