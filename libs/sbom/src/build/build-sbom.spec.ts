import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { writeDebianImage } from '../image/testing/fixture-images';
import { SbomInputError } from '../model/inventory';
import { parseSupportPolicy } from '../support/support-policy';
import { buildSbom } from './build-sbom';

const YARN_CLASSIC = join(__dirname, '../lockfiles/yarn/fixtures/classic');
const PINNED = new Date('2026-01-15T10:00:00Z');
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

interface CdxComponent {
  'bom-ref': string;
  purl: string;
  scope?: string;
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
  supplier?: { name: string };
}
interface CdxDocument {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; lifecycles: { phase: string }[]; component: { name: string; type: string; 'bom-ref': string; hashes?: unknown[]; purl?: string }; tools: { components: { name: string }[] } };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

describe(buildSbom.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-sbom-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a schema-valid CycloneDX 1.6 document of what the lockfile resolved, with the dependency graph', async () => {
    const built = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED, subject: { name: 'infusion-pump-ui', version: '2.4.0' } });
    expect(await validator.validate(built.cyclonedx)).toBeNull();
    const doc = JSON.parse(built.cyclonedx) as CdxDocument;
    expect(doc.specVersion).toBe('1.6');
    expect(doc.metadata.timestamp).toBe('2026-01-15T10:00:00.000Z');
    expect(doc.metadata.lifecycles).toEqual([{ phase: 'build' }]);
    expect(doc.metadata.tools.components.map((t) => t.name)).toEqual(['tollgate-sbom-builder']);
    expect(doc.metadata.component).toMatchObject({ name: 'infusion-pump-ui', type: 'application' });
    expect(doc.components.map((c) => [c.purl, c.scope ?? 'required']).sort()).toEqual([
      ['pkg:npm/%40isaacs/string-locale-compare@1.1.0', 'required'],
      ['pkg:npm/debug@4.4.3', 'required'],
      ['pkg:npm/is-number@6.0.0', 'optional'],
      ['pkg:npm/is-number@7.0.0', 'excluded'],
      ['pkg:npm/is-odd@3.0.1', 'optional'],
      ['pkg:npm/ms@2.0.0', 'required'],
      ['pkg:npm/ms@2.1.3', 'required'],
    ]);
    const debug = doc.components.find((c) => c.purl === 'pkg:npm/debug@4.4.3')!;
    expect(debug.hashes).toEqual(expect.arrayContaining([{ alg: 'SHA-512', content: expect.stringMatching(/^[0-9a-f]{128}$/) }]));
    const graph = Object.fromEntries(doc.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    expect(graph['pkg:npm/debug@4.4.3']).toEqual(['pkg:npm/ms@2.1.3']);
    expect(graph[doc.metadata.component['bom-ref']]).toEqual(expect.arrayContaining(['pkg:npm/debug@4.4.3', 'pkg:npm/ms@2.0.0']));
    expect(built.componentsByEcosystem).toEqual({ npm: 7 });
    expect(built.inputs).toEqual(['yarn.lock']);
  });

  it('gives byte-identical output for the same input and pinned time, and a new serial number for a new time', async () => {
    const a = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED });
    const b = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED });
    expect(b.cyclonedx).toBe(a.cyclonedx);
    expect(b.spdx).toBe(a.spdx);
    expect(b.sha256).toBe(a.sha256);
    const later = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: new Date('2026-02-01T00:00:00Z') });
    expect(later.sha256).not.toBe(a.sha256);
  });

  it('stays byte-identical when the artifact is named by the purl of one of its own components', async () => {
    const subject = { name: 'debug', version: '4.4.3', purl: 'pkg:npm/debug@4.4.3' };
    const a = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED, subject });
    const b = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED, subject });
    expect(b.cyclonedx).toBe(a.cyclonedx);
    const doc = JSON.parse(a.cyclonedx) as CdxDocument;
    expect(doc.metadata.component).toMatchObject({ 'bom-ref': 'tollgate:artifact:debug', purl: 'pkg:npm/debug@4.4.3' });
    expect(await validator.validate(a.cyclonedx)).toBeNull();
  });

  it('records FDA support fields from the policy, and "unknown" with its justification where no rule matches', async () => {
    const policy = parseSupportPolicy(`
default: { justification: "supplier publishes no support policy; monitored through advisories" }
rules:
  - { match: "pkg:npm/debug", supplier: "debug maintainers", level: active, endOfSupport: "2028-12-31" }
  - { match: "pkg:npm/is-*", level: end-of-life, endOfSupport: "2024-01-01", justification: "unmaintained since 2019" }
`);
    const built = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED, supportPolicy: policy });
    expect(await validator.validate(built.cyclonedx)).toBeNull();
    const doc = JSON.parse(built.cyclonedx) as CdxDocument;
    const props = (purl: string) => Object.fromEntries(doc.components.find((c) => c.purl === purl)!.properties!.filter((p) => !p.name.includes('evidence')).map((p) => [p.name, p.value]));
    expect(props('pkg:npm/debug@4.4.3')).toEqual({ 'cdx:lifecycle:milestone:endOfSupport': '2028-12-31', 'tollgate:support:level': 'active', 'tollgate:support:rule': 'pkg:npm/debug' });
    expect(doc.components.find((c) => c.purl === 'pkg:npm/debug@4.4.3')!.supplier).toEqual({ name: 'debug maintainers' });
    expect(props('pkg:npm/is-odd@3.0.1')).toMatchObject({ 'tollgate:support:level': 'end-of-life', 'tollgate:support:justification': 'unmaintained since 2019' });
    expect(props('pkg:npm/ms@2.1.3')).toEqual({
      'cdx:lifecycle:milestone:endOfSupport': 'unknown',
      'tollgate:support:level': 'unknown',
      'tollgate:support:rule': 'default',
      'tollgate:support:justification': 'supplier publishes no support policy; monitored through advisories',
    });
    const spdx = JSON.parse(built.spdx) as { packages: { name: string; validUntilDate?: string; comment?: string; supplier: string }[] };
    expect(spdx.packages.find((p) => p.name === 'debug')).toMatchObject({ validUntilDate: '2028-12-31T00:00:00Z', supplier: 'Organization: debug maintainers' });
    expect(spdx.packages.find((p) => p.name === 'ms' && !p.validUntilDate)?.comment).toBe('support level: unknown; supplier publishes no support policy; monitored through advisories');
  });

  it('exports SPDX 2.3 from the same model: every component, DESCRIBES and DEPENDS_ON', async () => {
    const built = await buildSbom({ source: { directory: YARN_CLASSIC }, timestamp: PINNED });
    const spdx = JSON.parse(built.spdx) as {
      spdxVersion: string;
      documentNamespace: string;
      packages: { SPDXID: string; externalRefs?: { referenceLocator: string }[] }[];
      relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
    };
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    expect(spdx.documentNamespace).toMatch(/^urn:tollgate:spdx:[0-9a-f]{64}$/);
    expect(spdx.packages).toHaveLength(8);
    const idOf = (purl: string) => spdx.packages.find((p) => p.externalRefs?.some((r) => r.referenceLocator === purl))!.SPDXID;
    expect(spdx.relationships).toContainEqual({ spdxElementId: idOf('pkg:npm/debug@4.4.3'), relationshipType: 'DEPENDS_ON', relatedSpdxElement: idOf('pkg:npm/ms@2.1.3') });
    expect(spdx.relationships.filter((r) => r.relationshipType === 'DESCRIBES')).toHaveLength(1);
  });

  it('describes an image by its manifest digest, with what its layers left installed', async () => {
    const image = await writeDebianImage(join(dir, 'layout'));
    const built = await buildSbom({ source: { image: { layoutDir: join(dir, 'layout') } }, timestamp: PINNED });
    expect(await validator.validate(built.cyclonedx)).toBeNull();
    const doc = JSON.parse(built.cyclonedx) as CdxDocument;
    expect(doc.metadata.component.type).toBe('container');
    expect(doc.metadata.component.purl).toBe(`pkg:oci/layout@${encodeURIComponent(image.manifestDigest)}`);
    expect(doc.components.some((c) => c.purl.startsWith('pkg:deb/debian/libc6@'))).toBe(true);
    expect(doc.components.some((c) => c.purl.startsWith('pkg:deb/debian/zlib1g@'))).toBe(false);
  });

  it('reads a repository at a commit, not whatever is checked out later', async () => {
    const repo = join(dir, 'repo');
    cpSync(YARN_CLASSIC, repo, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=ci@example.internal', '-c', 'user.name=ci', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'first');
    const first = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'yarn.lock'), '# yarn lockfile v1\n\n');
    git('commit', '-qam', 'emptied');
    const built = await buildSbom({ source: { repository: `file://${repo}`, commit: first }, timestamp: PINNED });
    expect(built.inventory.components).toHaveLength(7);
    expect(built.subject).toMatchObject({ name: 'repo', version: first });
    await expect(buildSbom({ source: { repository: `file://${repo}`, commit: 'deadbeef' }, timestamp: PINNED })).rejects.toThrow(/cannot read commit deadbeef/);
  });

  it('refuses a tree with no lockfile, and a broken lockfile by file and line, returning nothing', async () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"x","dependencies":{"lodash":"^4"}}');
    await expect(buildSbom({ source: { directory: dir }, timestamp: PINNED })).rejects.toThrow(/no lockfile found/);
    writeFileSync(join(dir, 'package-lock.json'), '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {}\n');
    const error = await buildSbom({ source: { directory: dir }, timestamp: PINNED }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SbomInputError);
    expect((error as SbomInputError).message).toMatch(/^package-lock\.json:\d+:\d+: truncated/);
  });
});
