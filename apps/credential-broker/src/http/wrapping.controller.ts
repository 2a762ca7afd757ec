import { Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BrokerRuntime } from '../broker.runtime';
import { BrokerRequestError } from './broker-request';

/** Vault's unwrap endpoint shape, so a service unwraps the same way against Vault or the broker. */
@Controller('v1/sys/wrapping')
export class WrappingController {
  constructor(private readonly runtime: BrokerRuntime) {}

  @Post('unwrap')
  @HttpCode(200)
  async unwrap(@Headers('x-vault-token') token: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ data: Record<string, string> }> {
    if (!token) throw new BrokerRequestError(400, 'missing wrapping token: send X-Vault-Token: <wrapping token>');
    void reply.header('cache-control', 'no-store');
    return { data: await this.runtime.unwrap.unwrap(token) };
  }
}
