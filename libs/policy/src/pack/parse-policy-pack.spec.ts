import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyPackError } from '../policy.error';
import { loadPolicyPack } from './load-policy-pack';
import { parsePolicyPack } from './parse-policy-pack';

const FILE = 'packs/demo.yaml';

/** A small valid pack; `rule` replaces the rule's body lines (indented under `- id: r1`). */
function pack(rule = ['    severity: critical', '    description: no secrets', '    each: evidence.findings.filter(f, f.kind == "secret")', "    message: 'secret at {{item.location.path}}'", '    remediation: rotate it']): string {
  return ['name: demo', 'version: 1.0.0', 'description: demo pack', 'rules:', '  - id: r1', ...rule, ''].join('\n');
}

function packError(text: string): PolicyPackError {
  try {
    parsePolicyPack(text, FILE);
  } catch (error) {
    if (error instanceof PolicyPackError) return error;
    throw error;
  }
  throw new Error('expected a PolicyPackError');
}

describe(parsePolicyPack.name, () => {
  it('compiles a valid pack and pins it by the sha256 of its bytes', () => {
    const text = pack();
    const parsed = parsePolicyPack(text, FILE);
    expect(parsed.pin).toEqual({ name: 'demo', version: '1.0.0', digest: `sha256:${createHash('sha256').update(text).digest('hex')}` });
    expect(parsed.rules.map((r) => [r.id, r.blocking, r.line])).toEqual([['r1', true, 5]]);
    expect(parsePolicyPack(`${text}# a comment\n`, FILE).pin.digest).not.toBe(parsed.pin.digest);
  });

  it('refuses a YAML syntax error with file, line and column', () => {
    const error = packError(pack(['    severity: critical', '    description: d', '    when: evidence.kev: []', '    message: m', '    remediation: r']));
    expect(error.code).toBe('PACK_YAML_INVALID');
    expect(error.issues[0]).toMatchObject({ file: FILE, line: 8, column: 11 });
    expect(error.message).toBe('packs/demo.yaml:8:11: Nested mappings are not allowed in compact mappings');
  });

  it('refuses a bad rule field at the value, an unknown field at its key, and a missing one at its rule', () => {
    const error = packError(pack(['    severity: urgent', '    description: d', '    when: "true"', '    mesage: typo', '    remediation: r']));
    expect(error.code).toBe('PACK_SCHEMA_INVALID');
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i]));
    expect(byPath['rules[0].severity']).toMatchObject({ line: 6, column: 15, message: expect.stringContaining('critical') });
    expect(byPath['rules[0].mesage']).toMatchObject({ line: 9, column: 5, message: 'unknown field "mesage"' });
    expect(byPath['rules[0].message']).toMatchObject({ line: 5, column: 5, message: 'required field is missing (expected string)' });
  });

  it('refuses a version that is not semver and duplicate rule ids', () => {
    const text = pack().replace('version: 1.0.0', 'version: v1') + ['  - id: r1', '    severity: low', '    description: d', '    when: "true"', '    message: m', '    remediation: r', ''].join('\n');
    const error = packError(text);
    expect(error.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '2:10 version: expected a semantic version, e.g. 1.2.0',
      '11:9 rules[1].id: duplicate rule id "r1"',
    ]);
  });

  it('points a CEL syntax error in a one-line expression at its column', () => {
    const error = packError(pack(['    severity: high', '    description: d', '    when: evidence.signature.verified == = true', '    message: m', '    remediation: r']));
    expect(error.code).toBe('PACK_CEL_INVALID');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: FILE, line: 8, column: 39, path: 'rules[0].when' });
    expect(error.issues[0].message).toMatch(/^rule r1: CEL syntax error: found = but expecting/);
  });

  it('points a CEL error inside a block scalar at the line of the file it is on', () => {
    const error = packError(
      pack(['    severity: high', '    description: d', '    each: |', '      evidence.findings.filter(f,', '        f.kind == "iac" && fooBar(f))', '    message: m', '    remediation: r']),
    );
    expect(error.issues[0]).toMatchObject({ line: 10, column: 28, path: 'rules[0].each', message: 'rule r1: undeclared function "fooBar"' });
  });

  it('refuses `item` in a rule without `each`, and unknown variables, with their position', () => {
    const error = packError(pack(['    severity: high', '    description: d', '    when: item.kind == "iac" || evidnce.kev.size() > 0', '    message: m', '    remediation: r']));
    expect(error.issues[0]).toMatchObject({ line: 8, column: 11, message: expect.stringContaining('undeclared reference to "item" (known here: evidence)') });
  });

  it('refuses a broken placeholder in a message, pointing inside the message', () => {
    const error = packError(pack(['    severity: high', '    description: d', '    each: evidence.findings', "    message: 'at {{item.location.path}} {{item.ruleId +}}'", '    remediation: r']));
    // The parser stops at the dangling `+`: column 55 of the file.
    expect(error.issues[0]).toMatchObject({ line: 9, column: 55, path: 'rules[0].message' });
    expect(error.issues[0].message).toMatch(/CEL syntax error/);
  });

  it('refuses inline test evidence that is not evidence, at the offending field', () => {
    const text = `${pack()}tests:\n  - name: t\n    evidence: { pipelineRunId: r, artifactDigest: "sha256:abc", findings: [], scans: [] }\n    expect: { verdict: pass }\n`;
    const error = packError(text);
    expect(error.code).toBe('PACK_TEST_EVIDENCE_INVALID');
    expect(error.issues[0]).toMatchObject({ line: 13, column: 51, path: 'tests[0].evidence.artifactDigest', message: 'expected sha256:<64 lower-case hex>' });
  });

  it('refuses an expectation naming a rule the pack does not have', () => {
    const text = `${pack()}tests:\n  - name: t\n    evidence: clean.yaml\n    expect: { verdict: fail, failedRules: [r2] }\n`;
    expect(packError(text).issues[0]).toMatchObject({ line: 14, column: 44, message: 'no rule "r2" in this pack' });
  });
});

describe(loadPolicyPack.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-pack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a pack file and names the file in errors', async () => {
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    await writeFile(good, pack());
    await writeFile(bad, pack().replace('severity: critical', 'severity: [critical'));
    expect((await loadPolicyPack(good)).pin.name).toBe('demo');
    const error = await loadPolicyPack(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    // The yaml parser notices the unclosed `[` where the next line starts.
    expect(error).toMatchObject({ code: 'PACK_YAML_INVALID', file: bad });
    expect((error as PolicyPackError).issues[0]).toEqual({ file: bad, line: 7, column: 5, path: '', message: 'Flow sequence in block collection must be sufficiently indented and end with a ]' });
  });

  it('pins a pack by its exact bytes, and refuses bytes that are not UTF-8', async () => {
    const file = join(dir, 'pinned.yaml');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pack())]);
    await writeFile(file, bytes);
    expect((await loadPolicyPack(file)).pin.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    await writeFile(file, Buffer.concat([Buffer.from(pack()), Buffer.from([0xff, 0xfe])]));
    await expect(loadPolicyPack(file)).rejects.toMatchObject({ code: 'PACK_UNREADABLE', message: `${file}:1:1: the pack is not valid UTF-8` });
  });

  it('refuses a missing file as unreadable', async () => {
    await expect(loadPolicyPack(join(dir, 'absent.yaml'))).rejects.toMatchObject({ code: 'PACK_UNREADABLE', message: expect.stringContaining('cannot read the pack: no such file') });
  });
});
