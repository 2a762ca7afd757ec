import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SignerError } from '@tollgate/attestation';
import type { Logger } from '@tollgate/telemetry';
import { SignerRequestError } from './signer-request.error';

/** The one place domain errors become HTTP statuses. */
@Catch()
export class SignerErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const send = (status: number, code: string, message: string): void => void reply.status(status).send({ error: { code, message } });
    if (error instanceof SignerRequestError) return send(400, 'REQUEST_INVALID', error.message);
    // The broker holds the keys: when it cannot answer, neither can we.
    if (error instanceof SignerError) return send(error.code === 'SIGNER_UNAVAILABLE' ? 503 : 502, error.code, error.message);
    if (error instanceof HttpException) return send(error.getStatus(), error.getStatus() === 404 ? 'NOT_FOUND' : 'HTTP_ERROR', error.message);
    this.logger.error({ err: (error as Error).message, stack: (error as Error).stack }, 'unhandled error');
    send(500, 'INTERNAL', 'internal error');
  }
}
