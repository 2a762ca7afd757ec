import { createHash } from 'node:crypto';
import type { GateEvidence } from './gate-evidence.schema';
import { canonicalJson } from './canonical-json';
import { normalizeEvidence } from './normalize-evidence';

/**
 * `sha256:<hex>` of a value's RFC 8785 canonical JSON (JCS): sorted keys, ECMAScript
 * number and string forms, so anyone re-hashing the stored evidence or decision in any
 * language gets the same digest.
 */
export function canonicalDigest(value: unknown): string {
  const canonical = canonicalJson(value);
  if (canonical === undefined) throw new TypeError('value has no JSON form');
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}

/**
 * The digest a decision records for the evidence it was made over: of the normalised
 * evidence, so the order events arrived in does not change it.
 */
export function evidenceDigest(evidence: GateEvidence): string {
  return canonicalDigest(normalizeEvidence(evidence));
}
