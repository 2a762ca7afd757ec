import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { GitHttpCredential } from '@tollgate/git-source';
import { buildCycloneDx, serializeCycloneDx } from '../cyclonedx/cyclonedx-document';
import type { SbomSubject } from '../cyclonedx/sbom-subject';
import type { ImageSource } from '../image/read-oci-image';
import type { Ecosystem, Inventory } from '../model/inventory';
import { directoryFiles, gitFiles, inventoryOfSource } from '../source/source-tree';
import { buildSpdx, serializeSpdx } from '../spdx/spdx-document';
import type { SupportPolicy } from '../support/support-policy';

/** What an SBOM is built from: a checked-out tree, a repository at a commit, or an image. */
/** A repository's `credential` answers its host's HTTP authentication; it is handed to git through its environment only. */
export type SbomSource = { directory: string } | { repository: string; commit: string; credential?: GitHttpCredential } | { image: ImageSource };

export interface BuildSbomRequest {
  source: SbomSource;
  /** Overrides of the described artifact; the rest is derived from the source. */
  subject?: Partial<SbomSubject>;
  timestamp: Date;
  supportPolicy?: SupportPolicy;
  /** Skip the SPDX rendering when only CycloneDX is wanted (the CLI's default). */
  spdx?: boolean;
}

export interface BuiltSbom {
  subject: SbomSubject;
  inventory: Inventory;
  /** CycloneDX 1.6 JSON: the stored document. */
  cyclonedx: string;
  /** sha256 of the CycloneDX bytes: the document's content address. */
  sha256: string;
  /** SPDX 2.3 JSON; empty when the request said `spdx: false`. */
  spdx: string;
  /** Lockfiles read, or the image's layer digests. */
  inputs: string[];
  componentsByEcosystem: Partial<Record<Ecosystem, number>>;
}

async function inventoryOf(source: SbomSource): Promise<{ inventory: Inventory; inputs: string[]; subject: SbomSubject }> {
  if ('image' in source) {
    // Loaded only for images: a lockfile build never reads in the layer and archive code.
    const { inventory, image } = await (await import('../image/read-oci-image')).readOciImage(source.image);
    const name = 'repository' in source.image ? source.image.repository : basename('layoutDir' in source.image ? source.image.layoutDir : source.image.tarball);
    const short = name.slice(name.lastIndexOf('/') + 1);
    return { inventory, inputs: image.layers, subject: { name, type: 'container', digest: image.digest, purl: purlOfImage(short, image.digest) } };
  }
  if ('directory' in source) {
    const root = resolve(source.directory);
    const { inventory, lockfiles } = await inventoryOfSource(directoryFiles(root), root);
    return { inventory, inputs: lockfiles, subject: { name: basename(root), type: 'application' } };
  }
  const files = await gitFiles(source.repository, source.commit, source.credential);
  try {
    const { inventory, lockfiles } = await inventoryOfSource(files, `${source.repository}@${source.commit}`);
    const name = basename(source.repository.replace(/\.git\/?$/, '').replace(/\/$/, ''));
    return { inventory, inputs: lockfiles, subject: { name, version: source.commit, type: 'application' } };
  } finally {
    await files.close();
  }
}

function purlOfImage(name: string, digest: string): string {
  return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(digest)}`;
}

/**
 * Reads what shipped and writes it as CycloneDX (stored, content-addressed)
 * and SPDX. Deterministic: the same source and timestamp give the same bytes.
 * Nothing is returned unless every input read cleanly (SbomInputError otherwise).
 */
export async function buildSbom(request: BuildSbomRequest): Promise<BuiltSbom> {
  const found = await inventoryOf(request.source);
  const subject: SbomSubject = { ...found.subject, ...request.subject };
  if (request.subject?.digest && !request.subject.purl && subject.type === 'container') subject.purl = purlOfImage(subject.name, request.subject.digest);
  const input = { subject, inventory: found.inventory, timestamp: request.timestamp, supportPolicy: request.supportPolicy };
  const cyclonedx = serializeCycloneDx(buildCycloneDx(input));
  const componentsByEcosystem: Partial<Record<Ecosystem, number>> = {};
  for (const c of found.inventory.components) componentsByEcosystem[c.ecosystem] = (componentsByEcosystem[c.ecosystem] ?? 0) + 1;
  return {
    subject,
    inventory: found.inventory,
    cyclonedx,
    sha256: createHash('sha256').update(cyclonedx).digest('hex'),
    spdx: request.spdx === false ? '' : serializeSpdx(buildSpdx(input)),
    inputs: found.inputs,
    componentsByEcosystem,
  };
}
