import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '@tollgate/audit';
import type { SecretsBackend, TransitHashAlgorithm, TransitSignature } from '../backend/secrets-backend';
import { WorkloadTokenError, type WorkloadTokenVerifier } from '../identity/workload-token.verifier';
import type { BrokerRole } from '../roles/broker-roles.schema';
import { roleMismatch } from '../roles/role-matcher';

export class SigningRefusedError extends Error {
  override readonly name = 'SigningRefusedError';
}

/**
 * Signing as a request to the broker: the key never leaves the backend. The
 * caller proves its identity with a workload token whose role lists the key.
 */
export class TransitSigning {
  constructor(
    private readonly deps: { dataSource: DataSource; backend: SecretsBackend; verifier: WorkloadTokenVerifier; roles: readonly BrokerRole[]; audit: AuditLog },
  ) {}

  async sign(request: { token: string; role: string; key: string; input: Uint8Array; keyVersion?: number; hashAlgorithm?: TransitHashAlgorithm; pipelineRunId?: string }): Promise<TransitSignature> {
    let subject = '(unverified)';
    try {
      const workload = await this.deps.verifier.verify(request.token);
      subject = workload.subject;
      const role = this.deps.roles.find((r) => r.name === request.role && r.issuer === workload.issuer);
      const mismatch = role ? roleMismatch(role, workload.claims, request.pipelineRunId ?? '') : `no role named ${request.role}`;
      if (mismatch) throw new SigningRefusedError(mismatch);
      if (!role!.sign_keys.includes(request.key)) throw new SigningRefusedError(`role ${role!.name} may not sign with key ${request.key}`);
    } catch (error) {
      const reason = error instanceof WorkloadTokenError ? error.reason : (error as Error).message;
      await this.deps.dataSource.transaction((m) =>
        this.deps.audit.append(m, { kind: 'sign-refused', pipelineRunId: request.pipelineRunId, actor: subject, subject: `transit/${request.key}`, detail: { reason } }),
      );
      throw error instanceof SigningRefusedError ? error : new SigningRefusedError(reason);
    }
    const signature = await this.deps.backend.sign({ key: request.key, input: request.input, keyVersion: request.keyVersion, hashAlgorithm: request.hashAlgorithm });
    await this.deps.dataSource.transaction((m) =>
      this.deps.audit.append(m, {
        kind: 'signed',
        pipelineRunId: request.pipelineRunId,
        actor: subject,
        subject: `transit/${request.key}`,
        detail: { keyVersion: signature.keyVersion, inputSha256: createHash('sha256').update(request.input).digest('hex') },
      }),
    );
    return signature;
  }
}
