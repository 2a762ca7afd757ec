import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IngestResult } from '@tollgate/ingest';
import { GatewayRuntime } from '../gateway.runtime';

function send(reply: FastifyReply, result: IngestResult): void {
  void reply.status(result.status).send(result.body);
}

@Controller('v1')
export class EventsController {
  constructor(private readonly runtime: GatewayRuntime) {}

  @Post('events')
  @HttpCode(202)
  async events(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.runtime.ingest.cloudEvents({ headers: req.headers, rawBody: req.body as Buffer }));
  }

  @Post('webhooks/jenkins')
  @HttpCode(202)
  async jenkins(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.runtime.ingest.jenkins({ headers: req.headers, rawBody: req.body as Buffer }));
  }
}
