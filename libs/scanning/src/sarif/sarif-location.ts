import { type FindingLocation } from '../findings/finding';
import { type SarifArtifactLocation, type SarifResult, type SarifRun } from './sarif-log.schema';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function decode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const withoutFileScheme = (uri: string): string => decode(uri.replace(/^file:\/\/(localhost)?/i, ''));
const asDirectory = (path: string): string => (path.endsWith('/') ? path : `${path}/`);

/**
 * Where a result is, relative to the scanned tree. A relative URI is relative to its
 * `uriBaseId` (which the run may map to a nested folder); an absolute `file:` URI is made
 * relative by stripping the run's `originalUriBaseIds` roots or `srcRoot`.
 */
export function locationOf(result: SarifResult, run: SarifRun, srcRoot: string | undefined): FindingLocation | undefined {
  const physical = result.locations?.find((l) => l.physicalLocation?.artifactLocation)?.physicalLocation;
  if (!physical?.artifactLocation) return undefined;
  const path = pathOf(physical.artifactLocation, run, srcRoot);
  if (path === undefined) return undefined;
  const region = physical.region ?? {};
  return {
    path,
    // A result about a whole file has no region; its first line is where a reader looks.
    startLine: region.startLine ?? 1,
    ...(region.startColumn !== undefined ? { startColumn: region.startColumn } : {}),
    ...(region.endLine !== undefined ? { endLine: region.endLine } : {}),
    ...(region.endColumn !== undefined ? { endColumn: region.endColumn } : {}),
  };
}

function pathOf(location: SarifArtifactLocation, run: SarifRun, srcRoot: string | undefined): string | undefined {
  const fromArtifacts = location.index !== undefined && location.index >= 0 ? run.artifacts?.[location.index]?.location : undefined;
  const uri = location.uri ?? fromArtifacts?.uri;
  if (uri === undefined) return undefined;
  const uriBaseId = location.uriBaseId ?? (location.uri === undefined ? fromArtifacts?.uriBaseId : undefined);
  if (SCHEME.test(uri)) {
    if (!/^file:/i.test(uri)) return uri;
    return relativeToRoots(withoutFileScheme(uri), absoluteRoots(run, srcRoot));
  }
  const relative = decode(uri).replace(/^(\.\/)+/, '');
  return `${basePrefix(uriBaseId, run, 0)}${relative}`;
}

/** The folder (relative to the tree) that a uriBaseId stands for: '' for an absolute root or an unknown id. */
function basePrefix(uriBaseId: string | undefined, run: SarifRun, depth: number): string {
  const base = uriBaseId === undefined ? undefined : run.originalUriBaseIds?.[uriBaseId];
  if (!base?.uri || SCHEME.test(base.uri) || base.uri.startsWith('/') || depth > 8) return '';
  return asDirectory(`${basePrefix(base.uriBaseId, run, depth + 1)}${decode(base.uri).replace(/^(\.\/)+/, '')}`);
}

function absoluteRoots(run: SarifRun, srcRoot: string | undefined): string[] {
  const roots = Object.values(run.originalUriBaseIds ?? {})
    .map((base) => base.uri)
    .filter((uri): uri is string => uri !== undefined && (/^file:/i.test(uri) || uri.startsWith('/')))
    .map((uri) => asDirectory(withoutFileScheme(uri)));
  if (srcRoot) roots.push(asDirectory(srcRoot));
  return roots.sort((a, b) => b.length - a.length);
}

function relativeToRoots(path: string, roots: readonly string[]): string {
  const root = roots.find((r) => path.startsWith(r));
  return root ? path.slice(root.length) : path;
}
