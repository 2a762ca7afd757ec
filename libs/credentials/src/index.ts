// Public API of the credential broker's logic: backends, identity and roles,
// the exchange, revocation, wrapping and signing use cases, and the schema.
export {
  BackendError,
  type BackendErrorKind,
  type BackendSession,
  type IssuedSecret,
  type LeaseRequest,
  type LoginRequest,
  type SecretEngine,
  type SecretsBackend,
  type TransitHashAlgorithm,
  type TransitKeyInfo,
  type TransitKeyType,
  type TransitSignature,
  type WrapInfo,
} from './backend/secrets-backend';
export { VaultBackend, type VaultBackendOptions } from './backend/vault/vault-backend';
export { EmbeddedBackend, type EmbeddedBackendOptions } from './backend/embedded/embedded-backend';
export { KeyEncryptionKey, loadKeyEncryptionKey, generateKeyEncryptionKey } from './backend/embedded/key-encryption-key';
export { TransitKeyStore } from './backend/embedded/transit-key-store';
export { StaticSecretStore, type StaticSecretInfo } from './backend/embedded/static-secret-store';
export { brokerRolesFileSchema, type BrokerRole, type BrokerRolesFile, type DatabaseRoleGrants, type TrustedIssuer } from './roles/broker-roles.schema';
export { BrokerRolesError, loadBrokerRoles, parseBrokerRoles } from './roles/broker-roles.loader';
export { matchRole, roleMismatch } from './roles/role-matcher';
export { WorkloadTokenError, WorkloadTokenVerifier, CLOCK_SKEW_SECONDS, type VerifiedWorkload } from './identity/workload-token.verifier';
export { CredentialExchange, type DeliveredSecret, type ExchangeRequest, type ExchangeResult } from './exchange/credential-exchange';
export { CredentialDeniedError } from './exchange/credential-denied.error';
export { LeaseRevoker, type LeaseRevokerOptions } from './revocation/lease-revoker';
export { UnwrapRefusedError, UnwrapSecret } from './wrapping/unwrap-secret';
export { SigningRefusedError, TransitSigning } from './signing/transit-signing';
export { onPipelineRunFinished, onPipelineRunStarted } from './run-scope.handlers';
export { leasesOfRun, type LeaseRecord, type LeaseState } from './leases/lease-store';
export { BROKER_SOURCE } from './broker-events';
export { registerLeaseGauges } from './broker.metrics';
export { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS, CREDENTIALS_SCHEMA } from './persistence/credentials.data-model';
