import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayRuntime } from '../gateway.runtime';

@Controller()
export class HealthController {
  constructor(
    private readonly runtime: GatewayRuntime,
  ) {}

  /** Liveness: the process serves requests. Dependencies are readiness's business. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
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
