import { digestOf, provenanceInput, sbomInput, vsaInput, COMMIT, REPOSITORY } from '../testing/attestation-fixtures';
import { AttestationInputError } from './attestation-input.error';
import { buildSbomStatement } from './cyclonedx-sbom';
import { serializeStatement } from './in-toto-statement';
import { buildProvenanceStatement, jenkinsBuilderId } from './slsa-provenance';
import { buildVsaStatement } from './verification-summary';

const DIGEST = digestOf('api-image');
const HEX = DIGEST.slice('sha256:'.length);

function inputError(build: () => unknown): AttestationInputError {
  try {
    build();
  } catch (error) {
    if (error instanceof AttestationInputError) return error;
    throw error;
  }
  throw new Error('expected an AttestationInputError');
}

describe(buildProvenanceStatement.name, () => {
  it('builds an in-toto v1 statement with SLSA provenance v1 for the artifact digest', () => {
    const statement = buildProvenanceStatement(provenanceInput(DIGEST));
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'registry.example.test/payments/api', digest: { sha256: HEX } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: {
          buildType: 'urn:tollgate:build-type:jenkins-pipeline:v1',
          externalParameters: { repository: REPOSITORY, ref: 'refs/heads/main', commit: COMMIT, pipeline: 'payments/api' },
          resolvedDependencies: [{ uri: `git+${REPOSITORY}@refs/heads/main`, digest: { gitCommit: COMMIT } }],
        },
        runDetails: {
          builder: { id: 'https://jenkins.example.test/job/payments/job/api' },
          metadata: { invocationId: 'https://jenkins.example.test/job/payments/job/api/42/', startedOn: '2025-03-01T10:00:00Z', finishedOn: '2025-03-01T10:07:30Z' },
        },
      },
    });
  });

  it('normalises Date inputs to UTC RFC 3339 and keeps caller parameters without letting them override the source', () => {
    const statement = buildProvenanceStatement(
      provenanceInput(DIGEST, { startedOn: new Date('2025-03-01T11:00:00+01:00'), externalParameters: { repository: 'https://evil.example.test/x', jenkinsfile: 'Jenkinsfile' } }),
    );
    expect(statement.predicate.runDetails.metadata.startedOn).toBe('2025-03-01T10:00:00Z');
    expect(statement.predicate.buildDefinition.externalParameters).toMatchObject({ repository: REPOSITORY, jenkinsfile: 'Jenkinsfile' });
  });

  it('names every bad field with its path when the input is invalid', () => {
    const error = inputError(() =>
      buildProvenanceStatement(
        provenanceInput('sha256:abc', { source: { repository: 'not a url', ref: 'main', commit: 'xyz' }, finishedOn: '2025-03-01T09:00:00Z' }),
      ),
    );
    expect(error.code).toBe('ATTESTATION_INPUT_INVALID');
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['artifact.digest', 'source.repository', 'source.ref', 'source.commit']));
    expect(error.message).toContain('artifact.digest: expected sha256:<64 hex>, got "sha256:abc"');
    expect(error.message).toContain('source.ref: expected full git ref like refs/heads/main, got "main"');
  });

  it('refuses a run that finished before it started', () => {
    const error = inputError(() => buildProvenanceStatement(provenanceInput(DIGEST, { finishedOn: '2025-03-01T09:00:00Z' })));
    expect(error.issues).toEqual([expect.objectContaining({ path: 'finishedOn', expected: 'a finish time not before startedOn' })]);
  });
});

describe(jenkinsBuilderId.name, () => {
  it('names the job in Jenkins URL form, folders included, whatever the controller URL ends with', () => {
    expect(jenkinsBuilderId('https://ci.example.test/jenkins/', 'team a/app')).toBe('https://ci.example.test/jenkins/job/team%20a/job/app');
    expect(jenkinsBuilderId('https://ci.example.test', 'app')).toBe('https://ci.example.test/job/app');
  });
});

describe(buildSbomStatement.name, () => {
  it('uses the CycloneDX BOM itself as the predicate', () => {
    const input = sbomInput(DIGEST);
    const statement = buildSbomStatement(input);
    expect(statement.predicateType).toBe('https://cyclonedx.org/bom');
    expect(statement.predicate).toEqual(input.bom);
  });

  it('refuses a document that is not CycloneDX', () => {
    const error = inputError(() => buildSbomStatement({ artifact: { name: 'x', digest: DIGEST }, bom: { spdxVersion: 'SPDX-2.3' } as never }));
    expect(error.message).toContain('bom.bomFormat: expected "CycloneDX", got missing');
  });
});

describe(buildVsaStatement.name, () => {
  it('builds a verification summary with sorted, unique levels and sha256 digests as DigestSets', () => {
    const statement = buildVsaStatement(vsaInput(DIGEST, { verifiedLevels: ['SLSA_BUILD_LEVEL_2', 'SLSA_SOURCE_LEVEL_UNEVALUATED', 'SLSA_BUILD_LEVEL_2'] }));
    expect(statement.predicateType).toBe('https://slsa.dev/verification_summary/v1');
    expect(statement.predicate).toEqual({
      verifier: { id: 'https://tollgate.example.test/policy-engine' },
      timeVerified: '2025-03-01T10:09:00Z',
      resourceUri: `oci://registry.example.test/payments/api@${DIGEST}`,
      policy: { uri: 'https://tollgate.example.test/policies/release', digest: { sha256: digestOf('release-policy').slice(7) } },
      inputAttestations: [{ uri: 'https://tollgate.example.test/attestations/1', digest: { sha256: digestOf('provenance-bundle').slice(7) } }],
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_2', 'SLSA_SOURCE_LEVEL_UNEVALUATED'],
    });
  });

  it('refuses a resource URI that names another digest than the subject', () => {
    const error = inputError(() => buildVsaStatement(vsaInput(DIGEST, { resourceUri: `oci://registry.example.test/payments/api@${digestOf('other')}` })));
    expect(error.issues).toEqual([expect.objectContaining({ path: 'resourceUri', expected: 'a resource URI naming the artifact digest (…@sha256:<hex>)' })]);
  });

  it('accepts a purl naming the digest as the resource', () => {
    const purl = `pkg:oci/api@sha256%3A${HEX}?repository_url=registry.example.test/payments`;
    expect(buildVsaStatement(vsaInput(DIGEST, { resourceUri: purl })).predicate.resourceUri).toBe(purl);
  });

  it('refuses a result other than PASSED or FAILED', () => {
    const error = inputError(() => buildVsaStatement(vsaInput(DIGEST, { verificationResult: 'OK' as never })));
    expect(error.message).toContain('verificationResult: expected one of PASSED|FAILED, got "OK"');
  });
});

describe(serializeStatement.name, () => {
  it('serialises the same statement to the same bytes whatever the key order of its input', () => {
    const a = buildSbomStatement(sbomInput(DIGEST));
    const input = sbomInput(DIGEST);
    const reordered = { artifact: input.artifact, bom: Object.fromEntries(Object.entries(input.bom).reverse()) as typeof input.bom };
    const b = buildSbomStatement(reordered);
    expect(serializeStatement(b).equals(serializeStatement(a))).toBe(true);
    expect(serializeStatement(buildProvenanceStatement(provenanceInput(DIGEST))).toString()).toBe(serializeStatement(buildProvenanceStatement(provenanceInput(DIGEST))).toString());
  });

  it('writes canonical JSON: sorted keys, no whitespace', () => {
    const text = serializeStatement(buildSbomStatement(sbomInput(DIGEST))).toString();
    expect(text.startsWith('{"_type":"https://in-toto.io/Statement/v1","predicate":{"bomFormat":"CycloneDX","components":[')).toBe(true);
    expect(text).not.toMatch(/\s"|":\s/);
  });
});
