import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InvalidVersionError, SbomInputError, VersionRangeError } from '@tollgate/sbom';
import { NotBuildableError } from '@tollgate/sbom-service';
import { SbomStoreError } from '@tollgate/sbom-store';
import type { Logger } from '@tollgate/telemetry';
import { SbomRequestError } from './sbom-request';

/** The one place domain errors become HTTP statuses. */
@Catch()
export class SbomErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const send = (status: number, code: string, message: string, extra: object = {}): void => void reply.status(status).send({ error: { code, message, ...extra } });
    if (error instanceof SbomRequestError) return send(error.status, 'REQUEST_INVALID', error.message, error.issues.length ? { issues: error.issues } : {});
    if (error instanceof VersionRangeError || error instanceof InvalidVersionError) return send(400, 'RANGE_INVALID', error.message);
    // An input that cannot be read as given: the file and position say why; nothing was stored.
    if (error instanceof SbomInputError) return send(422, 'SBOM_INPUT_INVALID', error.message, { file: error.file, ...(error.position && { position: error.position }) });
    if (error instanceof NotBuildableError) return send(422, 'NOT_BUILDABLE', error.message);
    if (error instanceof SbomStoreError) return send(400, error.code, error.message);
    if (error instanceof HttpException) return send(error.getStatus(), 'HTTP_ERROR', error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return send(status, 'REQUEST_INVALID', (error as Error).message);
    this.logger.error({ err: (error as Error).message, stack: (error as Error).stack }, 'unhandled error');
    send(500, 'INTERNAL', 'internal error; nothing was stored');
  }
}
