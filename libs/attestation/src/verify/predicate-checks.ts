import { type z } from 'zod';
import { parseOrExplain } from '../statement/parse-or-explain';
import { cycloneDxBomSchema } from '../statement/cyclonedx-sbom';
import { provenancePredicateSchema } from '../statement/slsa-provenance';
import { digestInResourceUri, vsaPredicateSchema } from '../statement/verification-summary';
import { matchesPattern, normaliseRepository, type TrustPolicy } from './trust-policy.schema';
import { fail } from './verification.error';

function parsePredicate<T extends z.ZodType>(schema: T, predicate: unknown, what: string): z.output<T> {
  const result = parseOrExplain(schema, predicate ?? {}, ['predicate']);
  if ('problems' in result) fail('STATEMENT_MALFORMED', `${what} predicate is malformed: ${result.problems}`);
  return result.data;
}

const list = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function assertSourceAllowed(sources: NonNullable<TrustPolicy['provenance']>['sources'], repository: string, ref: string, where: string): void {
  const repo = normaliseRepository(repository);
  const entry = sources.find((s) => matchesPattern(normaliseRepository(s.repository), repo));
  if (!entry) fail('SOURCE_NOT_ALLOWED', `${where} names repository ${JSON.stringify(repository)}; the policy allows ${list(sources.map((s) => s.repository))}`);
  if (!entry.refs.some((p) => matchesPattern(p, ref))) {
    fail('SOURCE_NOT_ALLOWED', `${where} names ref ${JSON.stringify(ref)} of ${repository}; the policy allows ${list(entry.refs)}`);
  }
}

/** `git+<repo>@<ref>` → its parts; the ref starts at the last `@refs/`. */
function splitSourceUri(uri: string): { repository: string; ref: string } | undefined {
  const at = uri.lastIndexOf('@refs/');
  return uri.startsWith('git+') && at > 4 ? { repository: uri.slice(4, at), ref: uri.slice(at + 1) } : undefined;
}

export interface ProvenanceFacts {
  builderId: string;
  repository: string;
  ref: string;
  commit?: string;
}

/** Builder allowed; the source (external parameters and every git dependency) from an allowed repository and ref. */
export function checkProvenance(predicate: unknown, policy: NonNullable<TrustPolicy['provenance']>): ProvenanceFacts {
  const p = parsePredicate(provenancePredicateSchema, predicate, 'SLSA provenance');
  const builderId = p.runDetails.builder.id;
  if (!policy.builderIds.some((pattern) => matchesPattern(pattern, builderId))) {
    fail('BUILDER_NOT_ALLOWED', `built by ${JSON.stringify(builderId)}; the policy allows builders ${list(policy.builderIds)}`);
  }
  const { repository, ref, commit } = p.buildDefinition.externalParameters;
  if (typeof repository !== 'string' || typeof ref !== 'string') {
    fail('SOURCE_NOT_ALLOWED', 'provenance names no source: buildDefinition.externalParameters needs string repository and ref');
  }
  assertSourceAllowed(policy.sources, repository, ref, 'buildDefinition.externalParameters');
  (p.buildDefinition.resolvedDependencies ?? []).forEach((dependency, index) => {
    if (!dependency.digest?.gitCommit) return;
    const source = dependency.uri ? splitSourceUri(dependency.uri) : undefined;
    if (!source) fail('SOURCE_NOT_ALLOWED', `buildDefinition.resolvedDependencies[${index}] has a gitCommit but no git+<repo>@<ref> uri`);
    assertSourceAllowed(policy.sources, source.repository, source.ref, `buildDefinition.resolvedDependencies[${index}]`);
  });
  return { builderId, repository, ref, ...(typeof commit === 'string' && { commit }) };
}

export interface VsaFacts {
  verifierId: string;
  timeVerified?: string;
  verifiedLevels: string[];
}

/** Verifier allowed; the resource is this digest; the result PASSED; not older than the policy allows. */
export function checkVsa(predicate: unknown, digest: string, policy: NonNullable<TrustPolicy['vsa']>, now: Date): VsaFacts {
  const p = parsePredicate(vsaPredicateSchema, predicate, 'SLSA verification summary');
  if (!policy.verifierIds.some((pattern) => matchesPattern(pattern, p.verifier.id))) {
    fail('VSA_VERIFIER_NOT_ALLOWED', `verified by ${JSON.stringify(p.verifier.id)}; the policy allows verifiers ${list(policy.verifierIds)}`);
  }
  const named = digestInResourceUri(p.resourceUri);
  if (named !== digest) {
    fail('VSA_RESOURCE_MISMATCH', `the summary's resourceUri ${JSON.stringify(p.resourceUri)} ${named ? `names ${named}` : 'names no sha256 digest'}, not ${digest}`);
  }
  if (p.verificationResult !== 'PASSED') {
    fail('VSA_FAILED', `the summary's verificationResult is ${JSON.stringify(p.verificationResult)} (levels ${list(p.verifiedLevels)}), not "PASSED"`);
  }
  if (policy.maxAgeSeconds !== undefined) {
    const verifiedAt = p.timeVerified === undefined ? Number.NaN : Date.parse(p.timeVerified);
    if (Number.isNaN(verifiedAt)) fail('VSA_TOO_OLD', `the summary has no valid timeVerified; the policy requires one no older than ${policy.maxAgeSeconds}s`);
    const age = Math.floor((now.getTime() - verifiedAt) / 1000);
    if (age > policy.maxAgeSeconds) fail('VSA_TOO_OLD', `the summary was verified at ${p.timeVerified}, ${age}s ago; the policy allows at most ${policy.maxAgeSeconds}s`);
  }
  return { verifierId: p.verifier.id, verifiedLevels: p.verifiedLevels, ...(p.timeVerified && { timeVerified: p.timeVerified }) };
}

/** The SBOM predicate must at least be a CycloneDX document. */
export function checkSbom(predicate: unknown): { components: number; specVersion: string } {
  const bom = parsePredicate(cycloneDxBomSchema, predicate, 'CycloneDX');
  const components = (bom as { components?: unknown }).components;
  return { components: Array.isArray(components) ? components.length : 0, specVersion: bom.specVersion };
}
