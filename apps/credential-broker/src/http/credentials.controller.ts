import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { leasesOfRun, type ExchangeResult, type LeaseRecord } from '@tollgate/credentials';
import { BrokerRuntime } from '../broker.runtime';
import { bearerToken, exchangeBodySchema, parseBody } from './broker-request';

@Controller('v1')
export class CredentialsController {
  constructor(private readonly runtime: BrokerRuntime) {}

  /** A build trades its workload token for its role's secrets. The response is the only place they appear. */
  @Post('credentials/exchange')
  @HttpCode(200)
  async exchange(
    @Headers('authorization') authorization: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExchangeResult> {
    const request = parseBody(exchangeBodySchema, body);
    const token = bearerToken(authorization);
    void reply.header('cache-control', 'no-store');
    return this.runtime.exchange.exchange({ ...request, token, traceparent });
  }

  /** Lease metadata of a run, including revocations still pending. Never a secret. */
  @Get('runs/:id/leases')
  async leases(@Param('id') id: string): Promise<{ pipelineRunId: string; leases: LeaseRecord[] }> {
    return { pipelineRunId: id, leases: await leasesOfRun(this.runtime.dataSource.manager, id) };
  }
}
