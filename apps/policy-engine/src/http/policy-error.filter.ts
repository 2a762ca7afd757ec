import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PolicyInputError } from '@tollgate/policy';
import type { Logger } from '@tollgate/telemetry';
import { RequestInvalidError } from '@tollgate/service-host';

/** The one place domain errors become HTTP statuses. */
@Catch()
export class PolicyErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const send = (status: number, code: string, message: string, extra: object = {}): void => void reply.status(status).send({ error: { code, message, ...extra } });
    if (error instanceof RequestInvalidError) return send(400, 'REQUEST_INVALID', error.message, { issues: error.issues });
    if (error instanceof PolicyInputError) return send(422, error.code, error.message, { issues: error.issues });
    if (error instanceof HttpException) return send(error.getStatus(), error.getStatus() === 404 ? 'NOT_FOUND' : 'HTTP_ERROR', error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return send(status, 'REQUEST_INVALID', (error as Error).message);
    this.logger.error({ err: (error as Error).message, stack: (error as Error).stack }, 'unhandled error');
    send(500, 'INTERNAL', 'internal error; nothing was stored');
  }
}
