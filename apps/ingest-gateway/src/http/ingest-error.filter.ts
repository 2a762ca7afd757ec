import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IngestError, type IngestErrorCode } from '@tollgate/ingest';
import type { Logger } from '@tollgate/telemetry';

const STATUS: Record<IngestErrorCode, number> = {
  UNAUTHENTICATED: 401,
  REPLAYED: 401,
  FORBIDDEN_ENDPOINT: 403,
  EVENT_INVALID: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
};

/** The one place domain error codes become HTTP statuses. */
@Catch()
export class IngestErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof IngestError) {
      if (error.details.retryAfterSeconds) void reply.header('retry-after', String(error.details.retryAfterSeconds));
      void reply.status(STATUS[error.code]).send({
        error: { code: error.code, message: error.message, ...(error.details.issues ? { issues: error.details.issues } : {}) },
      });
      return;
    }
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    if (fastifyStatus === 413) {
      void reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: (error as Error).message } });
      return;
    }
    if (error instanceof HttpException) {
      void reply.status(error.getStatus()).send({ error: { code: 'HTTP_ERROR', message: error.message } });
      return;
    }
    this.logger.error({ err: (error as Error).message, stack: (error as Error).stack }, 'unhandled error');
    void reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error; nothing was accepted' } });
  }
}
