import { ConfigError, envVar, loadConfig, type ConfigOf } from '@tollgate/config';
import { z } from 'zod';

export const SCANNER_RUNNER_ENV = {
  PORT: envVar.port(8084),
  HOST: envVar.string('0.0.0.0'),
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_SCHEMA: envVar.identifier('scanner'),
  /** Where SBOM documents and the component index are read (the SBOM builder's API). */
  SCANNER_SBOM_BUILDER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8082'),
  /** The local OSV database: OSV JSON files below it and OSV's per-ecosystem `*.zip` archives at its top. */
  SCANNER_OSV_DIR: envVar.optionalPath(),
  /** A directory watched for new advisories (OSV JSON); each one is matched against every stored artifact. */
  SCANNER_ADVISORY_INBOX_DIR: envVar.optionalPath(),
  SCANNER_ADVISORY_POLL_MS: envVar.positiveInt(2000),
  /** External SARIF scanners (YAML list: name, command, sarifOutput, env, timeoutMs, kind). */
  SCANNER_EXTERNAL_FILE: envVar.optionalPath(),
  SCANNER_EXTERNAL_TIMEOUT_MS: envVar.positiveInt(300_000),
  /**
   * Private repositories: a YAML file of `credentials: [{ repository: <URL pattern>, secret: <name> }]`.
   * Each named secret is leased from the credential broker (role SCANNER_BROKER_ROLE) for the run being scanned.
   */
  SCANNER_GIT_CREDENTIALS_FILE: envVar.optionalPath(),
  SCANNER_BROKER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8081'),
  SCANNER_BROKER_ROLE: envVar.string('tollgate-scanner'),
  /** The scanner's workload token (JWT), read at each exchange; needed with SCANNER_GIT_CREDENTIALS_FILE. */
  SCANNER_WORKLOAD_TOKEN_FILE: envVar.optionalPath(),
  /** Deliveries before a source that cannot be read goes to the dead-letter subject. */
  SCANNER_MAX_DELIVER: envVar.positiveInt(4),
  SCANNER_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, { error: 'comma-separated milliseconds' })
    .transform((s) => s.split(',').map(Number))
    .default([2000, 10_000, 30_000]),
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type ScannerRunnerConfig = ConfigOf<typeof SCANNER_RUNNER_ENV>;

export function loadScannerRunnerConfig(env: Record<string, string | undefined> = process.env): ScannerRunnerConfig {
  const config = loadConfig(SCANNER_RUNNER_ENV, env);
  if (config.SCANNER_GIT_CREDENTIALS_FILE && !config.SCANNER_WORKLOAD_TOKEN_FILE) {
    throw new ConfigError([{ variable: 'SCANNER_WORKLOAD_TOKEN_FILE', problem: 'required with SCANNER_GIT_CREDENTIALS_FILE (the token the scanner shows the credential broker)' }]);
  }
  return config;
}
