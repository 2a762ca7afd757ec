import { SpanKind, trace } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent, withStageSpan } from '@tollgate/telemetry';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditLog } from '@tollgate/audit';
import type { Outbox } from '@tollgate/messaging';
import { BackendError, type BackendSession, type IssuedSecret, type SecretsBackend } from '../backend/secrets-backend';
import { deniedEvent, issuedEvent, type DenialCategory } from '../broker-events';
import { brokerMetrics } from '../broker.metrics';
import { WorkloadTokenError, type VerifiedWorkload, type WorkloadTokenVerifier } from '../identity/workload-token.verifier';
import { openRunScope, queueLeases, recordLease, type NewLease } from '../leases/lease-store';
import type { BrokerRole, RoleSecret } from '../roles/broker-roles.schema';
import { matchRole } from '../roles/role-matcher';
import { recordWrappingToken } from '../wrapping/wrapping-ledger';
import { CredentialDeniedError } from './credential-denied.error';

export interface ExchangeRequest {
  /** The build's workload JWT: a bearer credential, used here and never stored, logged or published. */
  token: string;
  role: string;
  pipelineRunId: string;
  ttlSeconds?: number;
  /** Only these of the role's secrets (by name); all of them when omitted. Least privilege for callers that need one. */
  secrets?: string[];
  traceparent?: string;
}

export interface DeliveredSecret {
  name: string;
  engine: string;
  leaseId: string;
  path: string;
  ttlSeconds: number;
  expiresAt: string;
  /** Field → environment variable for `tollgate credentials exchange -- cmd`. */
  env: Record<string, string>;
  /** The secret values (direct delivery). */
  data?: Record<string, string>;
  /** Or a single-use wrapping token to unwrap (wrapped delivery). */
  wrapped?: { token: string; accessor: string; ttlSeconds: number; expiresAt: string };
}

export interface ExchangeResult {
  pipelineRunId: string;
  role: string;
  expiresAt: string;
  secrets: DeliveredSecret[];
}

export interface CredentialExchangeDeps {
  dataSource: DataSource;
  backend: SecretsBackend;
  verifier: WorkloadTokenVerifier;
  roles: readonly BrokerRole[];
  outbox: Outbox;
  audit: AuditLog;
  logger: { error(details: object, message: string): void };
}

function envNames(secret: RoleSecret, fields: string[]): Record<string, string> {
  const prefix = secret.name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return Object.fromEntries(fields.map((f) => [f, secret.env?.[f] ?? `${prefix}_${f.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]));
}

/** The role's secrets the request asks for; a name the role does not list is a denial, before anything is leased. */
function selectedSecrets(role: BrokerRole, names: string[] | undefined): RoleSecret[] {
  if (names === undefined) return role.secrets;
  const unknown = names.filter((n) => !role.secrets.some((s) => s.name === n));
  if (unknown.length > 0) throw new CredentialDeniedError('role-mismatch', `role ${role.name} has no secret named ${unknown.map((n) => JSON.stringify(n.slice(0, 64))).join(', ')}`);
  return role.secrets.filter((s) => names.includes(s.name));
}

function runClosed(pipelineRunId: string): CredentialDeniedError {
  return new CredentialDeniedError('run-closed', `pipeline run ${pipelineRunId} has finished; it leases nothing more`);
}

function backendDenial(error: unknown): CredentialDeniedError {
  if (error instanceof BackendError) {
    return new CredentialDeniedError(error.retryable ? 'backend-unavailable' : 'backend-refused', error.message);
  }
  return new CredentialDeniedError('backend-unavailable', `secrets backend failed: ${(error as Error).message}`);
}

/**
 * Trades a build's workload token for exactly its role's secrets. All or
 * nothing: if any step fails the build is denied (fail closed) and whatever was
 * already issued is queued for revocation. Every lease is recorded before its
 * secret is returned, so nothing issued can escape revocation.
 */
export class CredentialExchange {
  constructor(private readonly deps: CredentialExchangeDeps) {}

  /** One stage span per exchange, in the build's trace; its events carry that traceparent. Attributes are metadata only. */
  exchange(request: ExchangeRequest): Promise<ExchangeResult> {
    return withStageSpan(
      {
        name: 'credentials exchange',
        pipelineRunId: request.pipelineRunId || '(unknown)',
        taskName: 'credentials',
        carried: contextFromTraceparent(request.traceparent),
        kind: SpanKind.SERVER,
        attributes: { 'tollgate.credentials.role': request.role },
      },
      async () => {
        const active = trace.getActiveSpan();
        try {
          const result = await this.exchangeInSpan({ ...request, traceparent: currentTraceparent() ?? request.traceparent });
          active?.setAttribute('tollgate.credentials.leases', result.secrets.length);
          return result;
        } catch (error) {
          if (error instanceof CredentialDeniedError) active?.setAttribute('tollgate.credentials.denial', error.category);
          throw error;
        }
      },
    );
  }

  private async exchangeInSpan(request: ExchangeRequest): Promise<ExchangeResult> {
    let workload: VerifiedWorkload | undefined;
    try {
      workload = await this.deps.verifier.verify(request.token);
      const match = matchRole(this.deps.roles, workload.issuer, workload.claims, request.role, request.pipelineRunId);
      if (!match.role) throw new CredentialDeniedError('role-mismatch', match.reason);
      return await this.issue(request, workload, match.role);
    } catch (error) {
      const denial =
        error instanceof CredentialDeniedError
          ? error
          : error instanceof WorkloadTokenError
            ? new CredentialDeniedError('token-invalid', error.reason)
            : backendDenial(error);
      // Our own database down as well: the build is still denied; the log says the record is missing.
      await this.recordDenial(request, workload, denial).catch((recordError: Error) =>
        this.deps.logger.error({ category: denial.category, err: recordError.message }, 'credential denial could not be recorded'),
      );
      throw denial;
    }
  }

  private async issue(request: ExchangeRequest, workload: VerifiedWorkload, role: BrokerRole): Promise<ExchangeResult> {
    const { dataSource, backend, audit } = this.deps;
    const wanted = selectedSecrets(role, request.secrets);
    const scope = await dataSource.transaction((m) => openRunScope(m, request.pipelineRunId));
    if (!scope.open) throw runClosed(request.pipelineRunId);
    const ttlSeconds = Math.min(request.ttlSeconds ?? role.token_ttl, role.token_max_ttl);
    let session: BackendSession;
    try {
      session = await backend.login({
        jwt: request.token,
        authRole: role.auth_role ?? role.name,
        authMount: role.auth_mount,
        pipelineRunId: request.pipelineRunId,
        ttlSeconds,
      });
    } catch (error) {
      throw backendDenial(error);
    }
    const sessionLease: NewLease = {
      leaseId: `${backend.kind}/session/${session.accessor}`,
      kind: 'session',
      backend: backend.kind,
      backendRef: session.accessor,
      pipelineRunId: request.pipelineRunId,
      role: role.name,
      secretName: null,
      engine: 'auth',
      path: `auth/${role.auth_mount}/login`,
      ttlSeconds,
      expiresAt: session.expiresAt,
    };
    const sessionOpen = await dataSource.transaction(async (m) => {
      const open = await recordLease(m, sessionLease);
      await audit.append(m, {
        kind: 'login',
        pipelineRunId: request.pipelineRunId,
        actor: workload.subject,
        subject: sessionLease.leaseId,
        detail: { role: role.name, issuer: workload.issuer, backend: backend.kind, expiresAt: session.expiresAt.toISOString() },
      });
      return open;
    });
    if (!sessionOpen) throw runClosed(request.pipelineRunId);
    const issuedIds = [sessionLease.leaseId];
    try {
      const secrets: DeliveredSecret[] = [];
      for (const secret of wanted) {
        const delivered = await this.leaseOne(request, workload, role, session, secret, ttlSeconds);
        issuedIds.push(delivered.leaseId);
        secrets.push(delivered);
      }
      return { pipelineRunId: request.pipelineRunId, role: role.name, expiresAt: session.expiresAt.toISOString(), secrets };
    } catch (error) {
      // Fail closed: the build gets nothing, and what was issued goes at once.
      await dataSource.transaction((m) => queueLeases(m, issuedIds, 'withdrawn')).catch(() => undefined);
      throw error instanceof CredentialDeniedError ? error : backendDenial(error);
    }
  }

  private async leaseOne(
    request: ExchangeRequest,
    workload: VerifiedWorkload,
    role: BrokerRole,
    session: BackendSession,
    secret: RoleSecret,
    ttlSeconds: number,
  ): Promise<DeliveredSecret> {
    const { dataSource, backend, audit, outbox } = this.deps;
    const issued: IssuedSecret = await backend.lease(session, {
      engine: secret.engine,
      backendRole: secret.backendRole,
      ...(secret.aws_method && { awsMethod: secret.aws_method }),
      ttlSeconds,
      pipelineRunId: request.pipelineRunId,
    });
    const lease: NewLease = {
      leaseId: issued.leaseId,
      kind: 'secret',
      backend: backend.kind,
      backendRef: issued.leaseId,
      pipelineRunId: request.pipelineRunId,
      role: role.name,
      secretName: secret.name,
      engine: issued.engine,
      path: issued.path,
      ttlSeconds: issued.ttlSeconds,
      expiresAt: issued.expiresAt,
    };
    const wrapped = role.wrap ? await backend.wrap(issued.data, role.wrap_ttl) : undefined;
    // The run closed while this secret was being leased: it is queued for revocation, and the build gets nothing.
    const open = await dataSource.transaction(async (m: EntityManager) => {
      if (!(await recordLease(m, lease))) return false;
      if (wrapped) await recordWrappingToken(m, { wrap: wrapped, pipelineRunId: request.pipelineRunId, role: role.name, secretName: secret.name });
      await audit.append(m, {
        kind: 'issued',
        pipelineRunId: request.pipelineRunId,
        actor: workload.subject,
        subject: lease.leaseId,
        detail: {
          role: role.name,
          secret: secret.name,
          engine: lease.engine,
          path: lease.path,
          ttlSeconds: lease.ttlSeconds,
          expiresAt: lease.expiresAt.toISOString(),
          delivery: wrapped ? 'wrapped' : 'direct',
          ...(wrapped && { wrappingAccessor: wrapped.accessor }),
        },
      });
      await outbox.add(m, issuedEvent(lease, wrapped ? 'wrapped' : 'direct', request.traceparent));
      return true;
    });
    if (!open) throw runClosed(request.pipelineRunId);
    brokerMetrics().issued.add(1, { engine: lease.engine, role: role.name });
    brokerMetrics().ttl.record(lease.ttlSeconds, { engine: lease.engine });
    return {
      name: secret.name,
      engine: lease.engine,
      leaseId: lease.leaseId,
      path: lease.path,
      ttlSeconds: lease.ttlSeconds,
      expiresAt: lease.expiresAt.toISOString(),
      env: envNames(secret, Object.keys(issued.data)),
      ...(wrapped
        ? { wrapped: { token: wrapped.token, accessor: wrapped.accessor, ttlSeconds: wrapped.ttlSeconds, expiresAt: wrapped.expiresAt.toISOString() } }
        : { data: issued.data }),
    };
  }

  private async recordDenial(request: ExchangeRequest, workload: VerifiedWorkload | undefined, denial: CredentialDeniedError): Promise<void> {
    const category: DenialCategory = denial.category;
    brokerMetrics().denied.add(1, { category });
    // A request with no usable run id still gets its denial on record, under a placeholder run.
    const pipelineRunId = request.pipelineRunId || '(unknown)';
    await this.deps.dataSource.transaction(async (m) => {
      await this.deps.audit.append(m, {
        kind: 'denied',
        pipelineRunId,
        actor: workload?.subject ?? '(unverified)',
        subject: request.role || '(none)',
        detail: { category, reason: denial.reason },
      });
      await this.deps.outbox.add(m, deniedEvent({ pipelineRunId, role: request.role || undefined, category, reason: denial.reason, traceparent: request.traceparent }));
    });
  }
}
