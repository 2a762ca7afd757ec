import { compare, valid } from 'semver';
import { SbomInputError } from '../../model/inventory';
import type { FoundComponent, Inventory } from '../../model/inventory';
import { purlOf } from '../../model/purl';
import { parseGoMod } from './go-mod.parser';
import type { GoModDirective } from './go-mod.parser';
import { parseGoSum } from './go-sum.parser';

interface ModuleVersion {
  path: string;
  version: string;
}

/** A replacement's target: another module version, or a directory of the source tree (which is not a component). */
type Replacement = (ModuleVersion & { local: false }) | { local: true; directory: string };

/** Before 1.17 go.mod lists only what the go command could not infer: the rest of the build is missing from it. */
const MIN_COMPLETE_GO = [1, 17];

function isGoVersionComplete(goVersion: string): boolean {
  const [major, minor] = goVersion.split(/[.a-z]/).map(Number);
  return major > MIN_COMPLETE_GO[0] || (major === MIN_COMPLETE_GO[0] && minor >= MIN_COMPLETE_GO[1]);
}

function moduleVersion(directive: GoModDirective, at: number, path: string): ModuleVersion {
  const [module, version] = directive.args.slice(at, at + 2);
  // Pseudo-versions and +incompatible are valid semver once the leading v is dropped; they are kept verbatim.
  if (!module || !version || !version.startsWith('v') || !valid(version.slice(1))) {
    throw new SbomInputError(path, `${directive.verb}: expected "<module path> <version>", got "${directive.args.join(' ')}"`, { line: directive.line });
  }
  return { path: module, version };
}

function isLocalPath(target: string): boolean {
  return /^(\.\.?\/|\/|[A-Za-z]:[\\/])/.test(target) || target === '.' || target === '..';
}

function readReplace(directive: GoModDirective, path: string): { from: string; fromVersion?: string; to: Replacement } {
  const arrow = directive.args.indexOf('=>');
  const from = directive.args.slice(0, arrow);
  const to = directive.args.slice(arrow + 1);
  if (arrow < 1 || from.length > 2 || to.length < 1 || to.length > 2) {
    throw new SbomInputError(path, `replace: expected "<module> [version] => <module> <version>" or "=> <directory>"`, { line: directive.line });
  }
  if (to.length === 1 && isLocalPath(to[0])) return { from: from[0], fromVersion: from[1], to: { local: true, directory: to[0] } };
  return { from: from[0], fromVersion: from[1], to: { ...moduleVersion({ ...directive, args: to }, 0, path), local: false } };
}

/**
 * The Go modules that ship with a main module, from its go.mod (Go ≥ 1.17, where go.mod lists every module the build
 * needs, indirect ones marked). `replace` is followed and `exclude` drops; a module replaced by a local directory is
 * part of the source tree, not a component. go.mod does not give the module graph, so `dependsOn` is empty and the
 * roots are the direct (not `// indirect`) requirements.
 *
 * go.sum's `h1:` values are not recorded as hashes: each is the SHA-256 of a listing of the SHA-256 of every file in
 * the module (a dirhash), not of any file a verifier could hash, so a SHA-256 entry holding it would fail every check.
 * go.sum, when given, is checked to vouch for every module that ships (the go command refuses to build otherwise).
 */
export function readGoModules(goModText: string, goModPath: string, goSumText?: string, goSumPath = goModPath.replace(/go\.mod$/, 'go.sum')): Inventory {
  const directives = parseGoMod(goModText, goModPath);
  const goDirective = directives.find((d) => d.verb === 'go');
  if (!goDirective || !isGoVersionComplete(goDirective.args[0] ?? '')) {
    const declared = goDirective ? `go ${goDirective.args.join(' ')}` : 'no go directive (read as go 1.16)';
    throw new SbomInputError(goModPath, `${declared}: before Go 1.17 go.mod does not list every module the build uses; run "go mod tidy -go=1.17" or later`, goDirective && { line: goDirective.line });
  }

  const excluded = new Set(directives.filter((d) => d.verb === 'exclude').map((d) => { const m = moduleVersion(d, 0, goModPath); return `${m.path}@${m.version}`; }));
  const replaces = directives.filter((d) => d.verb === 'replace').map((d) => readReplace(d, goModPath));
  const replacementOf = (m: ModuleVersion): Replacement | undefined =>
    (replaces.find((r) => r.from === m.path && r.fromVersion === m.version) ?? replaces.find((r) => r.from === m.path && r.fromVersion === undefined))?.to;

  // MVS keeps the highest of two requirements of one module.
  const required = new Map<string, ModuleVersion & { direct: boolean; line: number }>();
  for (const directive of directives.filter((d) => d.verb === 'require')) {
    const m = moduleVersion(directive, 0, goModPath);
    const direct = !/^indirect(;|$)/.test(directive.comment);
    const previous = required.get(m.path);
    if (excluded.has(`${m.path}@${m.version}`)) continue;
    if (!previous || compare(m.version.slice(1), previous.version.slice(1)) > 0) required.set(m.path, { ...m, direct: direct || (previous?.direct ?? false), line: directive.line });
    else previous.direct ||= direct;
  }

  const vouched = goSumText === undefined ? undefined : parseGoSum(goSumText, goSumPath);
  const components = new Map<string, FoundComponent>();
  const roots = new Set<string>();
  for (const requirement of required.values()) {
    const replacement = replacementOf(requirement);
    if (replacement?.local) continue;
    const shipped = replacement ?? requirement;
    if (vouched && !vouched.has(`${shipped.path}@${shipped.version}`)) {
      throw new SbomInputError(goSumPath, `no go.sum entry for ${shipped.path}@${shipped.version} (required at ${goModPath}:${requirement.line}): go.sum does not belong to this go.mod or is out of date`);
    }
    const slash = shipped.path.lastIndexOf('/');
    const namespace = slash > 0 ? shipped.path.slice(0, slash) : undefined;
    const name = shipped.path.slice(slash + 1);
    const purl = purlOf('golang', namespace, name, shipped.version);
    if (requirement.direct) roots.add(purl);
    if (components.has(purl)) continue;
    components.set(purl, { purl, ecosystem: 'golang', namespace, name, version: shipped.version, scope: 'required', hashes: [], evidence: `${goModPath}:${requirement.line}`, dependsOn: [] });
  }
  return { components: [...components.values()].sort((a, b) => (a.purl < b.purl ? -1 : 1)), roots: [...roots].sort() };
}
