import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BackendError, CredentialDeniedError, SigningRefusedError, UnwrapRefusedError } from '@tollgate/credentials';
import type { Logger } from '@tollgate/telemetry';
import { BrokerRequestError } from './broker-request';

const DENIAL_STATUS = { 'token-invalid': 401, 'role-mismatch': 403, 'run-closed': 403, 'backend-refused': 403, 'backend-unavailable': 503 } as const;

/** The one place domain errors become HTTP statuses. Messages never carry a token or secret. */
@Catch()
export class BrokerErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const send = (status: number, code: string, message: string, extra: object = {}): void => {
      void reply.status(status).header('cache-control', 'no-store').send({ error: { code, message, ...extra } });
    };
    if (error instanceof CredentialDeniedError) {
      if (error.retryable) void reply.header('retry-after', '5');
      return send(DENIAL_STATUS[error.category], 'CREDENTIALS_DENIED', error.message, { category: error.category });
    }
    if (error instanceof BrokerRequestError) return send(error.status, 'REQUEST_INVALID', error.message, error.issues.length ? { issues: error.issues } : {});
    // Vault's error envelope for Vault-shaped endpoints (unwrap), so Vault clients read it as they would Vault's.
    if (error instanceof UnwrapRefusedError) return void reply.status(400).header('cache-control', 'no-store').send({ errors: [error.message] });
    if (error instanceof SigningRefusedError) return send(403, 'SIGNING_REFUSED', error.message);
    if (error instanceof BackendError) {
      const status = error.kind === 'not-found' ? 404 : error.kind === 'invalid-request' ? 400 : error.kind === 'permission-denied' ? 403 : 503;
      return send(status, 'BACKEND_ERROR', error.message, { kind: error.kind });
    }
    if (error instanceof HttpException) return send(error.getStatus(), 'HTTP_ERROR', error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return send(status, 'REQUEST_INVALID', (error as Error).message);
    this.logger.error({ err: (error as Error).message, stack: (error as Error).stack }, 'unhandled error');
    send(500, 'INTERNAL', 'internal error; nothing was issued');
  }
}
