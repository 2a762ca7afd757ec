// Public API: the HMAC request signature and password hash shared by the CLI
// (signing) and the ingest gateway (verifying), the gateway HTTP client, and
// the `tollgate` command runner.
export {
  SIGNATURE_HEADER,
  SOURCE_HEADER,
  signRequest,
  verifyRequestSignature,
  type SignatureVerification,
  type VerifyRequestSignatureOptions,
} from './request-signature';
export { hashPassword, verifyPassword } from './password-hash';
export { GatewayClient, type GatewayClientOptions, type RetryNotice, type SendEventResult } from './gateway-client';
export { GatewayError, type GatewayErrorCode, type GatewayIssue } from './gateway.error';
export { eventFromOptions, eventKeys, DEFAULT_EVENT_SOURCE, type EventOptions, type ReadTextFile } from './event-options';
export { EventOptionsError } from './event-options.error';
export { run } from './cli/cli-runner';
export { type CliIo, type CliDeps, type CliWritable, type Command } from './cli/cli-io';
export { type CommandEntry, type CommandGroup } from './cli/cli-runner';
