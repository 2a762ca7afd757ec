// Public API: the HMAC request signature and password hash shared by the CLI
// (signing) and the ingest gateway (verifying), and the `tollgate` command
// runner. The gateway client and event options stay inside: only this lib's
// commands use them, and re-exporting them here would load the event schemas
// into every command's start-up.
export {
  SIGNATURE_HEADER,
  SOURCE_HEADER,
  signRequest,
  verifyRequestSignature,
  type SignatureVerification,
  type VerifyRequestSignatureOptions,
} from './request-signature';
export { hashPassword, verifyPassword } from './password-hash';
export { GatewayError, type GatewayErrorCode, type GatewayIssue } from './gateway.error';
export { CredentialBrokerError, exchangeWithBroker, type BrokerExchangeRequest, type LeasedSecret } from './broker-exchange';
export { run } from './cli/cli-runner';
export { type CliIo, type CliDeps, type CliWritable, type Command } from './cli/cli-io';
export { type CommandEntry, type CommandGroup } from './cli/cli-runner';
