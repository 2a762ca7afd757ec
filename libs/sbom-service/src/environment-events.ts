import { PackageURL } from 'packageurl-js';
import type { EntityManager } from 'typeorm';
import type { TollgateEvent } from '@tollgate/events';
import type { SbomStore } from '@tollgate/sbom-store';

/** The digest an event is about: its artifactdigest extension, or the version of an OCI purl. */
function digestOf(event: TollgateEvent, artifactId: string | undefined): string | undefined {
  if (event.artifactdigest) return event.artifactdigest;
  try {
    const version = artifactId ? PackageURL.fromString(artifactId).version : undefined;
    return version && /^sha256:[0-9a-f]{64}$/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where artifacts went, so "which artifacts contain X" also says where they
 * run: service.deployed names the environment; artifact.published is a
 * promotion to the registry its purl names.
 */
export async function recordArtifactEnvironment(manager: EntityManager, store: SbomStore, event: TollgateEvent): Promise<boolean> {
  const content = event.data.subject.content as { environment?: { id: string }; artifactId?: string };
  if (event.type.includes('.service.deployed.')) {
    const digest = digestOf(event, content.artifactId);
    if (!digest || !content.environment) return false;
    return store.recordEnvironment(manager, { artifactDigest: digest, environment: content.environment.id, kind: 'deployed', at: new Date(event.time) });
  }
  if (event.type.includes('.artifact.published.')) {
    const purl = event.data.subject.id;
    const digest = digestOf(event, purl);
    if (!digest) return false;
    let environment = 'release';
    try {
      environment = PackageURL.fromString(purl).qualifiers?.repository_url ?? environment;
    } catch {
      // not a purl: the release registry, unnamed
    }
    return store.recordEnvironment(manager, { artifactDigest: digest, environment, kind: 'promoted', at: new Date(event.time) });
  }
  return false;
}
