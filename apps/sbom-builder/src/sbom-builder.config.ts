import { envVar, loadConfig, type ConfigOf } from '@tollgate/config';
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
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type SbomBuilderConfig = ConfigOf<typeof SBOM_BUILDER_ENV>;

export function loadSbomBuilderConfig(env: Record<string, string | undefined> = process.env): SbomBuilderConfig {
  return loadConfig(SBOM_BUILDER_ENV, env);
}
