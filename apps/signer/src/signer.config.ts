import { KEY_NAME_PATTERN } from '@tollgate/attestation';
import { envVar, loadConfig, type ConfigOf } from '@tollgate/config';
import { z } from 'zod';

const backoffList = z
  .string()
  .regex(/^\d+(,\d+)*$/, { error: 'comma-separated milliseconds, e.g. 2000,10000,30000' })
  .transform((s) => s.split(',').map(Number));

export const SIGNER_ENV = {
  PORT: envVar.port(8083),
  HOST: envVar.string('0.0.0.0'),
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_SCHEMA: envVar.identifier('signer'),
  /** The credential broker, which holds the signing key and signs on request. */
  SIGNER_BROKER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8081'),
  SIGNER_KEY_NAME: z.string().regex(KEY_NAME_PATTERN, { error: 'transit key name' }).default('tollgate-signing'),
  /** The broker role whose sign_keys list the key. */
  SIGNER_BROKER_ROLE: envVar.string('tollgate-signer'),
  /** The signer's workload token (a projected service-account token): read at every signature, so rotation needs no restart. */
  SIGNER_WORKLOAD_TOKEN_FILE: envVar.string(),
  /** Where SBOM documents are fetched from (the SBOM builder's API). */
  SIGNER_SBOM_BUILDER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8082'),
  /** This signer's identity in verification summaries. */
  SIGNER_VERIFIER_ID: z.string().refine((s) => URL.canParse(s), { error: 'absolute URI' }).default('urn:tollgate:signer'),
  /** Deliveries of an event before a failure is published as signing.failed. */
  SIGNER_MAX_DELIVER: envVar.positiveInt(4),
  /** Delay before each retry (the last repeats). */
  SIGNER_RETRY_BACKOFF_MS: backoffList.default([2000, 10_000, 30_000]),
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type SignerConfig = ConfigOf<typeof SIGNER_ENV>;

export function loadSignerConfig(env: Record<string, string | undefined> = process.env): SignerConfig {
  return loadConfig(SIGNER_ENV, env);
}
