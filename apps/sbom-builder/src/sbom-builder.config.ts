import { ConfigError, envVar, loadConfig, type ConfigOf } from '@tollgate/config';
import { z } from 'zod';

export const SBOM_BUILDER_ENV = {
  PORT: envVar.port(8082),
  HOST: envVar.string('0.0.0.0'),
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_SCHEMA: envVar.identifier('sbom'),
  /** FDA support rules (YAML): supplier, level of support and end of support per purl pattern. */
  SBOM_SUPPORT_POLICY_FILE: envVar.optionalPath(),
  /** Registries pulled over plain HTTP (host:port, comma-separated): a local test registry only. */
  SBOM_INSECURE_REGISTRIES: z.string().default(''),
  /**
   * Private repositories: a YAML file of `credentials: [{ repository: <URL pattern>, secret: <name> }]`.
   * Each named secret is leased from the credential broker (role SBOM_BROKER_ROLE) for the run being built.
   */
  SBOM_GIT_CREDENTIALS_FILE: envVar.optionalPath(),
  SBOM_BROKER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8081'),
  SBOM_BROKER_ROLE: envVar.string('tollgate-sbom-builder'),
  /** The SBOM builder's workload token (JWT), read at each exchange; needed with SBOM_GIT_CREDENTIALS_FILE. */
  SBOM_WORKLOAD_TOKEN_FILE: envVar.optionalPath(),
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type SbomBuilderConfig = ConfigOf<typeof SBOM_BUILDER_ENV>;

export function loadSbomBuilderConfig(env: Record<string, string | undefined> = process.env): SbomBuilderConfig {
  const config = loadConfig(SBOM_BUILDER_ENV, env);
  if (config.SBOM_GIT_CREDENTIALS_FILE && !config.SBOM_WORKLOAD_TOKEN_FILE) {
    throw new ConfigError([{ variable: 'SBOM_WORKLOAD_TOKEN_FILE', problem: 'required with SBOM_GIT_CREDENTIALS_FILE (the token the SBOM builder shows the credential broker)' }]);
  }
  return config;
}
