import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicyPack } from '../pack/load-policy-pack';
import { parsePolicyPack } from '../pack/parse-policy-pack';
import { PolicyPackError } from '../policy.error';
import { runPackTests } from './run-pack-tests';

describe(runPackTests.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-pack-tests-'));
    await writeFile(join(dir, 'broken.yaml'), 'pipelineRunId: r\nartifactDigest: sha256:abc\nfindings: []\nscans: []\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function packWithTest(test: string[]) {
    const text = ['name: t', 'version: 1.0.0', 'description: d', 'rules:', '  - { id: r, severity: low, description: d, when: "false", message: m, remediation: r }', 'tests:', ...test, ''].join('\n');
    return parsePolicyPack(text, join(dir, 'pack.yaml'));
  }

  it("passes every test of the default pack, one per rule and more", async () => {
    const pack = defaultPolicyPack();
    const results = await runPackTests(pack);
    expect(results.filter((r) => !r.passed)).toEqual([]);
    const failedOrWarned = new Set(results.flatMap((r) => [...r.decision.blockingFailures, ...r.decision.warnings]));
    expect(pack.rules.map((r) => r.id).filter((id) => !failedOrWarned.has(id))).toEqual([]);
  });

  it('refuses invalid evidence in a test file, pointing into that file', async () => {
    const pack = packWithTest(['  - name: broken', '    evidence: broken.yaml', '    expect: { verdict: pass }']);
    const error = await runPackTests(pack).then(
      () => undefined,
      (e: unknown) => e as PolicyPackError,
    );
    expect(error).toBeInstanceOf(PolicyPackError);
    expect(error!.issues).toEqual([{ file: join(dir, 'broken.yaml'), line: 2, column: 17, path: 'artifactDigest', message: 'expected sha256:<64 lower-case hex>' }]);
  });

  it('points an invalid patch at the patch in the pack', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pack = packWithTest(['  - name: patched', '    evidence: broken.yaml', `    patch: { artifactDigest: "${digest}", scans: [{ scanner: s, kind: sast, status: completed }] }`, '    expect: { verdict: pass }']);
    const error = await runPackTests(pack).then(
      () => undefined,
      (e: unknown) => e as PolicyPackError,
    );
    expect(error!.issues).toEqual([{ file: join(dir, 'pack.yaml'), line: 9, column: 133, path: 'scans[0].kind', message: expect.stringContaining('test "patched": evidence Invalid option') }]);
  });
});
