import { PackageURL } from 'packageurl-js';
import type { TollgateEvent } from '@tollgate/events';
import type { SbomSource, SbomSubject } from '@tollgate/sbom';

/** An artifact.packaged event that says nothing the builder can read: not retryable. */
export class NotBuildableError extends Error {
  override readonly name = 'NotBuildableError';
}

export interface RegistryAccess {
  /** Registries reached over plain HTTP (a local test registry); every other one over HTTPS. */
  insecureRegistries: readonly string[];
  /** A bearer token for pulls, when the registry needs one (from the credential broker's wrapped delivery). */
  token?: () => Promise<string | undefined>;
}

interface PackagedContent {
  change?: { id: string; source?: string };
}

/**
 * What to read for an artifact.packaged event. An OCI artifact (subject id
 * `pkg:oci/<name>@sha256:…?repository_url=<registry>/<path>`) is read from its
 * registry by digest: what shipped is the image. Anything else is read from
 * its source change (repository and commit): what shipped is what the
 * lockfiles resolved.
 */
export async function sourceOfPackagedArtifact(event: TollgateEvent, registries: RegistryAccess): Promise<{ source: SbomSource; subject: Partial<SbomSubject> }> {
  const digest = event.artifactdigest;
  if (!digest) throw new NotBuildableError('artifact.packaged carries no artifact digest: an SBOM must name exactly what it describes');
  const subjectId = event.data.subject.id;
  let purl: PackageURL | undefined;
  try {
    purl = subjectId.startsWith('pkg:') ? PackageURL.fromString(subjectId) : undefined;
  } catch {
    purl = undefined;
  }
  if (purl?.type === 'oci') {
    const repositoryUrl = purl.qualifiers?.repository_url;
    if (!repositoryUrl) throw new NotBuildableError(`${subjectId}: an OCI purl needs repository_url to be pulled`);
    const slash = repositoryUrl.indexOf('/');
    const host = slash === -1 ? repositoryUrl : repositoryUrl.slice(0, slash);
    const repository = slash === -1 ? purl.name : repositoryUrl.slice(slash + 1);
    const scheme = registries.insecureRegistries.includes(host) ? 'http' : 'https';
    const token = await registries.token?.();
    return {
      source: { image: { registry: `${scheme}://${host}`, repository, digest, ...(token && { token }) } },
      subject: { name: purl.name, type: 'container', digest, purl: subjectId },
    };
  }
  const change = (event.data.subject.content as PackagedContent).change;
  if (!change?.source || !/^[0-9a-f]{7,64}$/i.test(change.id)) {
    throw new NotBuildableError(`${subjectId}: no image to pull and no source change (repository and commit) to read`);
  }
  return {
    source: { repository: change.source, commit: change.id },
    subject: { name: purl?.name ?? subjectId, ...(purl?.version && { version: purl.version }), digest, ...(purl && { purl: subjectId }), type: 'application' },
  };
}
