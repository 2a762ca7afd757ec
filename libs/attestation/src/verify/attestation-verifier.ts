import { createPublicKey, type KeyObject } from 'node:crypto';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { keyHint, parseKeyHint } from '../signing/key-hint';
import { SHA256_DIGEST_PATTERN } from '../statement/attestation-formats';
import { parseOrExplain } from '../statement/parse-or-explain';
import { CYCLONEDX_PREDICATE_TYPE } from '../statement/cyclonedx-sbom';
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatementSchema, type InTotoStatement } from '../statement/in-toto-statement';
import { SLSA_PROVENANCE_PREDICATE_TYPE } from '../statement/slsa-provenance';
import { SLSA_VSA_PREDICATE_TYPE } from '../statement/verification-summary';
import { checkProvenance, checkSbom, checkVsa, type ProvenanceFacts, type VsaFacts } from './predicate-checks';
import { readBundle } from './read-bundle';
import { type TrustPolicy, type TrustedKey } from './trust-policy.schema';
import { AttestationVerificationError, fail, type VerificationFailureCode } from './verification.error';

export interface VerifyAttestationRequest {
  /** The bundle: its JSON text or the parsed object. */
  bundle: unknown;
  /** The artifact asked about, `sha256:<hex>`. */
  digest: string;
  /** Narrows the policy's predicate types to this one (admission asks for a VSA). */
  predicateType?: string;
  /** For the VSA age check; defaults to now. */
  now?: Date;
}

export interface VerifiedAttestation {
  digest: string;
  predicateType: string;
  keyHint: string;
  statement: InTotoStatement<Record<string, unknown>>;
  provenance?: ProvenanceFacts;
  vsa?: VsaFacts;
  sbom?: { components: number; specVersion: string };
  /** One line naming what was verified. */
  summary: string;
}

export type VerificationResult = { verified: true; attestation: VerifiedAttestation } | { verified: false; code: VerificationFailureCode; message: string };

// No transparency logs, CAs or timestamp authorities: trust is the pinned keys alone.
const EMPTY_TRUSTED_ROOT = { mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
const SIGSTORE_CODES: Partial<Record<string, VerificationFailureCode>> = {
  SIGNATURE_ERROR: 'SIGNATURE_INVALID',
  PUBLIC_KEY_ERROR: 'KEY_UNTRUSTED',
};

/**
 * Verifies attestation bundles offline against a trust policy, key-based:
 * bundle shape → key hint trusted and not retired → DSSE signature (by
 * @sigstore/verify, thresholds 0 since there is no log or timestamp to
 * require) → in-toto statement → predicate type → subject digest → the
 * predicate's own checks. The first failing check throws with its code.
 */
export class AttestationVerifier {
  readonly #keys = new Map<string, { entry: TrustedKey; key: KeyObject }>();
  readonly #verifier: Verifier;

  constructor(private readonly policy: TrustPolicy) {
    for (const entry of policy.keys) this.#keys.set(keyHint(entry.name, entry.version), { entry, key: createPublicKey(entry.publicKey) });
    const keyFinder = (hint: string): { publicKey: KeyObject; validFor: () => boolean } => {
      const found = this.#keys.get(hint);
      if (!found) fail('KEY_UNTRUSTED', `key hint ${JSON.stringify(hint)} is not in the trust policy`);
      return { publicKey: found.key, validFor: () => true };
    };
    this.#verifier = new Verifier(toTrustMaterial(EMPTY_TRUSTED_ROOT, keyFinder), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  }

  verify(request: VerifyAttestationRequest): VerifiedAttestation {
    if (!SHA256_DIGEST_PATTERN.test(request.digest)) throw new TypeError(`digest must be sha256:<64 hex>, got ${JSON.stringify(request.digest)}`);
    const { bundle, hint, material } = readBundle(request.bundle);
    if (material !== 'publicKey' || hint === undefined) {
      fail('KEY_UNTRUSTED', `bundle is signed with a ${material} (keyless); this policy trusts only pinned keys`);
    }
    const trusted = this.trustedKey(hint);
    try {
      this.#verifier.verify(toSignedEntity(bundle));
    } catch (error) {
      if (error instanceof AttestationVerificationError) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (SIGSTORE_CODES[code] === 'SIGNATURE_INVALID') fail('SIGNATURE_INVALID', `DSSE signature does not verify with ${hint}: the payload or signature changed after signing`, error);
      if (SIGSTORE_CODES[code] === 'KEY_UNTRUSTED') fail('KEY_UNTRUSTED', `${code}: ${(error as Error).message}`, error);
      // Thresholds are 0, so only witness data the bundle carries can fail here: checking it needs a trusted root we do not pin.
      fail('WITNESS_UNVERIFIABLE', `the bundle carries a transparency-log entry or timestamp this offline verifier cannot check (${code || 'error'}: ${(error as Error).message})`, error);
    }
    const envelope = bundle.content.dsseEnvelope;
    if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) fail('STATEMENT_MALFORMED', `payloadType is ${JSON.stringify(envelope.payloadType)}, expected ${IN_TOTO_PAYLOAD_TYPE}`);
    const statement = this.statementOf(envelope.payload);
    this.checkPredicateType(statement.predicateType, request.predicateType);
    const subject = statement.subject.find((s) => `sha256:${s.digest.sha256}` === request.digest);
    if (!subject) {
      const named = statement.subject.map((s) => (s.digest.sha256 ? `sha256:${s.digest.sha256}` : JSON.stringify(s.digest))).join(', ');
      fail('SUBJECT_MISMATCH', `the statement is about ${named}, not ${request.digest}`);
    }
    const verified: VerifiedAttestation = { digest: request.digest, predicateType: statement.predicateType, keyHint: hint, statement, summary: '' };
    this.checkPredicate(verified, request.now ?? new Date());
    verified.summary = `${describe(verified)} for ${request.digest}${subject.name ? ` (${subject.name})` : ''}, signed by ${hint} (${trusted.status})`;
    return verified;
  }

  /** Like verify, but a failed check is a result rather than an exception. */
  check(request: VerifyAttestationRequest): VerificationResult {
    try {
      return { verified: true, attestation: this.verify(request) };
    } catch (error) {
      if (error instanceof AttestationVerificationError) return { verified: false, code: error.code, message: error.message };
      throw error;
    }
  }

  private trustedKey(hint: string): TrustedKey {
    const id = parseKeyHint(hint);
    if (!id) fail('KEY_UNTRUSTED', `key hint ${JSON.stringify(hint)} does not name a key version as <keyName>:v<version>`);
    const found = this.#keys.get(hint);
    if (!found) {
      const versions = this.policy.keys.filter((k) => k.name === id.name).map((k) => keyHint(k.name, k.version));
      fail('KEY_UNTRUSTED', `signed by ${hint}, which the trust policy does not list${versions.length ? ` (it lists ${versions.join(', ')})` : ''}`);
    }
    if (found.entry.status === 'retired') fail('KEY_RETIRED', `signed by ${hint}, which the trust policy marks retired`);
    return found.entry;
  }

  private statementOf(payload: Buffer): InTotoStatement<Record<string, unknown>> {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch (error) {
      fail('STATEMENT_MALFORMED', `DSSE payload is not JSON: ${(error as Error).message}`);
    }
    const parsed = parseOrExplain(inTotoStatementSchema, json);
    if ('problems' in parsed) fail('STATEMENT_MALFORMED', `DSSE payload is not an in-toto statement: ${parsed.problems}`);
    return parsed.data as InTotoStatement<Record<string, unknown>>;
  }

  private checkPredicateType(actual: string, asked: string | undefined): void {
    const allowed = asked === undefined ? this.policy.predicateTypes : this.policy.predicateTypes.filter((t) => t === asked);
    if (!allowed.includes(actual)) {
      const expected = allowed.length ? allowed.map((t) => JSON.stringify(t)).join(', ') : `${JSON.stringify(asked)}, which the policy does not accept`;
      fail('PREDICATE_TYPE_UNEXPECTED', `predicateType is ${JSON.stringify(actual)}; expected ${expected}`);
    }
  }

  private checkPredicate(verified: VerifiedAttestation, now: Date): void {
    const predicate = verified.statement.predicate;
    if (verified.predicateType === SLSA_PROVENANCE_PREDICATE_TYPE && this.policy.provenance) verified.provenance = checkProvenance(predicate, this.policy.provenance);
    else if (verified.predicateType === SLSA_VSA_PREDICATE_TYPE && this.policy.vsa) verified.vsa = checkVsa(predicate, verified.digest, this.policy.vsa, now);
    else if (verified.predicateType === CYCLONEDX_PREDICATE_TYPE) verified.sbom = checkSbom(predicate);
  }
}

function describe(v: VerifiedAttestation): string {
  if (v.provenance) {
    const { builderId, repository, ref, commit } = v.provenance;
    return `SLSA provenance (builder ${builderId}, source ${repository}@${ref}${commit ? ` commit ${commit.slice(0, 12)}` : ''})`;
  }
  if (v.vsa) return `verification summary PASSED by ${v.vsa.verifierId} (${v.vsa.verifiedLevels.join(', ') || 'no levels'})`;
  if (v.sbom) return `CycloneDX ${v.sbom.specVersion} SBOM (${v.sbom.components} components)`;
  return `attestation ${v.predicateType}`;
}

/** One-shot verification; build an AttestationVerifier to verify many bundles with one policy. */
export function verifyAttestation(policy: TrustPolicy, request: VerifyAttestationRequest): VerifiedAttestation {
  return new AttestationVerifier(policy).verify(request);
}
