import { z } from 'zod';
import { absoluteUriSchema, gitCommitSchema, gitRefSchema, stringMapSchema, timestampSchema } from './attestation-formats';
import { parseInput } from './attestation-input.error';
import { artifactRefSchema, buildStatement, resourceDescriptorSchema, type InTotoStatement, type ResourceDescriptor } from './in-toto-statement';

export const SLSA_PROVENANCE_PREDICATE_TYPE = 'https://slsa.dev/provenance/v1';
/** Our build template: a Jenkins pipeline run driven by Tollgate. A URN, so it names no host. */
export const JENKINS_PIPELINE_BUILD_TYPE = 'urn:tollgate:build-type:jenkins-pipeline:v1';

export interface SlsaProvenancePredicate {
  buildDefinition: {
    buildType: string;
    externalParameters: { repository: string; ref: string; commit: string; pipeline: string } & Record<string, unknown>;
    internalParameters?: Record<string, unknown>;
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string; version?: Record<string, string> };
    metadata: { invocationId: string; startedOn: string; finishedOn: string };
    byproducts?: ResourceDescriptor[];
  };
}

export const provenanceInputSchema = z
  .strictObject({
    artifact: artifactRefSchema,
    jenkins: z.strictObject({
      /** The controller's root URL (`https://jenkins.example/`). */
      controllerUrl: absoluteUriSchema,
      /** Full job name, folders separated by `/` (`payments/api`). */
      pipeline: z.string().regex(/^[^\s/]+(\/[^\s/]+)*$/, { error: 'job full name like folder/job' }),
      /** The run's URL (Jenkins `full_url`): the invocation id. */
      runUrl: absoluteUriSchema,
      builderVersion: stringMapSchema.optional(),
    }),
    source: z.strictObject({ repository: absoluteUriSchema, ref: gitRefSchema, commit: gitCommitSchema }),
    buildType: absoluteUriSchema.default(JENKINS_PIPELINE_BUILD_TYPE),
    startedOn: timestampSchema,
    finishedOn: timestampSchema,
    externalParameters: z.record(z.string(), z.unknown()).optional(),
    internalParameters: z.record(z.string(), z.unknown()).optional(),
    /** Other inputs (base images, toolchains), after the source commit. */
    resolvedDependencies: z.array(resourceDescriptorSchema).default([]),
    byproducts: z.array(resourceDescriptorSchema).optional(),
  })
  .refine((i) => Date.parse(i.finishedOn) >= Date.parse(i.startedOn), { error: 'a finish time not before startedOn', path: ['finishedOn'] });

export type ProvenanceInput = z.input<typeof provenanceInputSchema>;

/**
 * Builder id = the Jenkins job on its controller, in Jenkins' own URL form
 * (`<root>/job/<folder>/job/<name>`): a job is the trust boundary a policy names.
 */
export function jenkinsBuilderId(controllerUrl: string, pipeline: string): string {
  const root = controllerUrl.replace(/\/+$/, '');
  return `${root}/${pipeline
    .split('/')
    .map((segment) => `job/${encodeURIComponent(segment)}`)
    .join('/')}`;
}

/** The source as a resolved dependency, in SLSA's `git+<repo>@<ref>` form with the commit as digest. */
export function sourceDependency(source: { repository: string; ref: string; commit: string }): ResourceDescriptor {
  return { uri: `git+${source.repository}@${source.ref}`, digest: { gitCommit: source.commit } };
}

export function buildProvenanceStatement(input: ProvenanceInput): InTotoStatement<SlsaProvenancePredicate> {
  const i = parseInput(provenanceInputSchema, input, 'SLSA provenance');
  const predicate: SlsaProvenancePredicate = {
    buildDefinition: {
      buildType: i.buildType,
      // Ours last, so a caller's extra parameters cannot overwrite what the policy checks.
      externalParameters: { ...i.externalParameters, repository: i.source.repository, ref: i.source.ref, commit: i.source.commit, pipeline: i.jenkins.pipeline },
      ...(i.internalParameters && { internalParameters: i.internalParameters }),
      resolvedDependencies: [sourceDependency(i.source), ...i.resolvedDependencies],
    },
    runDetails: {
      builder: { id: jenkinsBuilderId(i.jenkins.controllerUrl, i.jenkins.pipeline), ...(i.jenkins.builderVersion && { version: i.jenkins.builderVersion }) },
      metadata: { invocationId: i.jenkins.runUrl, startedOn: i.startedOn, finishedOn: i.finishedOn },
      ...(i.byproducts && { byproducts: i.byproducts }),
    },
  };
  return buildStatement(i.artifact, SLSA_PROVENANCE_PREDICATE_TYPE, predicate);
}

/** What a verifier reads from a provenance predicate; unknown fields are kept and ignored. */
export const provenancePredicateSchema = z.object({
  buildDefinition: z.object({
    buildType: z.string().min(1),
    externalParameters: z.record(z.string(), z.unknown()),
    resolvedDependencies: z.array(z.object({ uri: z.string().optional(), digest: z.record(z.string(), z.string()).optional() })).optional(),
  }),
  runDetails: z.object({
    builder: z.object({ id: z.string().min(1) }),
    metadata: z.object({ invocationId: z.string().optional(), startedOn: z.string().optional(), finishedOn: z.string().optional() }).optional(),
  }),
});
