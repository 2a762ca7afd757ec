import { envVar, loadConfig, sensitive, type ConfigOf } from '@tollgate/config';
import { z } from 'zod';

export const BROKER_ENV = {
  PORT: envVar.port(8081),
  HOST: envVar.string('0.0.0.0'),
  /** HTTPS: build agents send bearer tokens, so production listens with TLS. Both or neither. */
  TLS_CERT_FILE: envVar.optionalPath(),
  TLS_KEY_FILE: envVar.optionalPath(),
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_SCHEMA: envVar.identifier('credentials'),
  /** Roles (YAML): trusted issuers, bound claims, the secrets each role may lease. */
  BROKER_ROLES_FILE: envVar.string(),
  SECRETS_BACKEND: z.enum(['embedded', 'vault']).default('embedded'),
  /** Embedded: a superuser/CREATEROLE connection to the database whose roles builds lease. */
  EMBEDDED_DATABASE_ADMIN_URL: sensitive(envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate')),
  /** Embedded: the key-encryption key (32 bytes, base64 or hex), from a file or the environment. */
  BROKER_KEK_FILE: envVar.optionalPath(),
  BROKER_KEK: sensitive(z.string().min(1).optional()),
  VAULT_ADDR: envVar.url(['http', 'https'], 'http://127.0.0.1:8200'),
  VAULT_TOKEN: sensitive(z.string().min(1).optional()),
  VAULT_NAMESPACE: z.string().min(1).optional(),
  /** The KV version 2 mount that `kv` secrets are read from. */
  VAULT_KV_MOUNT: envVar.string('secret'),
  /** Transit keys created at start when missing, `name:type` comma-separated. */
  BROKER_SIGNING_KEYS: z.string().default('tollgate-signing:ecdsa-p256'),
  BROKER_REVOKE_INTERVAL_MS: envVar.positiveInt(1000),
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type BrokerConfig = ConfigOf<typeof BROKER_ENV>;

export function loadBrokerConfig(env: Record<string, string | undefined> = process.env): BrokerConfig {
  return loadConfig(BROKER_ENV, env);
}
