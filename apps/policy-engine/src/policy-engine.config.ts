import { envVar, loadConfig, sensitive, type ConfigOf } from '@tollgate/config';
import { z } from 'zod';

const urlList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
  .refine((urls) => urls.every((u) => /^https?:\/\//.test(u) && URL.canParse(u)), { error: 'comma-separated http(s) URLs' });

export const POLICY_ENGINE_ENV = {
  PORT: envVar.port(8085),
  HOST: envVar.string('0.0.0.0'),
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/tollgate'),
  DATABASE_SCHEMA: envVar.identifier('policy'),
  /** The policy pack (YAML); re-read when it changes, a malformed one refused with the previous kept. Default: the built-in pack. */
  POLICY_PACK_FILE: envVar.optionalPath(),
  /** Pinned signing keys, predicate types, builders and sources the signatures must satisfy (YAML). */
  POLICY_TRUST_POLICY_FILE: envVar.string(),
  /** Known-exploited vulnerability ids: a JSON list of ids, or CISA's KEV catalogue JSON. */
  POLICY_KEV_FILE: envVar.optionalPath(),
  POLICY_SBOM_BUILDER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8082'),
  POLICY_SIGNER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8083'),
  POLICY_SCANNER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8084'),
  /** SOC webhooks every critical breach (an OCSF Detection Finding) is POSTed to, with retries. Masked in the start-up log: some carry a token. */
  POLICY_SOC_WEBHOOKS: sensitive(urlList),
  /** A file holding the HMAC key each SOC delivery is signed with (`X-Tollgate-Signature`, as the ingest gateway verifies). */
  POLICY_SOC_SIGNING_SECRET_FILE: envVar.optionalPath(),
  /** A file holding the `Authorization` header value the SOC's collector wants (`Bearer …`, `Splunk …`). */
  POLICY_SOC_AUTHORIZATION_FILE: envVar.optionalPath(),
  POLICY_SWEEP_INTERVAL_MS: envVar.positiveInt(1000),
  /** Decision-log checkpoints: the chain's head signed by the broker's key under this engine's workload token. Unset: none. */
  POLICY_WORKLOAD_TOKEN_FILE: envVar.optionalPath(),
  POLICY_BROKER_URL: envVar.url(['http', 'https'], 'http://127.0.0.1:8081'),
  POLICY_BROKER_ROLE: envVar.string('tollgate-policy-engine'),
  POLICY_SIGNING_KEY: envVar.string('tollgate-signing'),
  POLICY_CHECKPOINT_INTERVAL_MS: envVar.positiveInt(60_000),
  LOG_LEVEL: envVar.logLevel(),
  /** Test isolation only: prefixes every subject / stream name. Empty in production. */
  TOLLGATE_SUBJECT_PREFIX: envVar.string(''),
  TOLLGATE_STREAM_PREFIX: envVar.string(''),
};

export type PolicyEngineConfig = ConfigOf<typeof POLICY_ENGINE_ENV>;

export function loadPolicyEngineConfig(env: Record<string, string | undefined> = process.env): PolicyEngineConfig {
  return loadConfig(POLICY_ENGINE_ENV, env);
}
