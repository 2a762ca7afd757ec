import { envVar, loadConfig, type ConfigOf } from '@tollgate/config';

export const GATEWAY_ENV = {
  PORT: envVar.port(8080),
  HOST: envVar.string('0.0.0.0'),
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_SCHEMA: envVar.identifier('ingest'),
  INGEST_SOURCES_FILE: envVar.string(),
  INGEST_MAX_BODY_BYTES: envVar.positiveInt(1_048_576),
  INGEST_REPLAY_WINDOW_SECONDS: envVar.positiveInt(300),
  /** How long an accepted event id is remembered and answered `duplicate: true`. */
  INGEST_IDEMPOTENCY_DAYS: envVar.positiveInt(30),
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type GatewayConfig = ConfigOf<typeof GATEWAY_ENV>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig(GATEWAY_ENV, env);
}
