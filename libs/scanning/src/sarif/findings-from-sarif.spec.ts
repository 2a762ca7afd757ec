import { createHash } from 'node:crypto';
import { findingsFromSarif } from './findings-from-sarif';
import { SarifError } from './sarif.error';

const log = (run: object) => ({ version: '2.1.0', runs: [run] });

/** Shaped like what a container/IaC scanner writes: rule-level security-severity, relative URIs, help text. */
const trivyLike = log({
  tool: {
    driver: {
      name: 'Trivy',
      version: '0.50.0',
      rules: [
        {
          id: 'AVD-AWS-0086',
          shortDescription: { text: 'S3 Access block should block public ACL' },
          help: { text: 'Enable blocking any PUT calls with a public ACL specified' },
          helpUri: 'https://scanner.invalid/avd/aws-0086',
          defaultConfiguration: { level: 'error' },
          properties: { 'security-severity': '8.8', tags: ['misconfiguration', 'security', 'HIGH'] },
        },
        { id: 'CVE-2022-1234', shortDescription: { text: 'zlib: heap overflow' }, properties: { 'security-severity': '9.8', tags: ['vulnerability', 'security'] } },
      ],
    },
  },
  results: [
    {
      ruleId: 'AVD-AWS-0086',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'No public access block so not blocking public acls' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/s3.tf', uriBaseId: 'ROOTPATH' }, region: { startLine: 3, startColumn: 1, endLine: 9, endColumn: 2 } } }],
    },
    {
      ruleId: 'CVE-2022-1234',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'Package: zlib\nInstalled Version: 1.2.11' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'Dockerfile' } } }],
      partialFingerprints: { primaryLocationLineHash: '8e1c4a2b:1' },
    },
  ],
  originalUriBaseIds: { ROOTPATH: { uri: 'file:///home/ci/work/' } },
});

describe(findingsFromSarif.name, () => {
  it('maps rule id, security-severity over level, location, message, fix from help and kind from tags', () => {
    const [bucket, cve] = findingsFromSarif(trivyLike);

    expect(bucket).toEqual({
      ruleId: 'AVD-AWS-0086',
      scanner: 'Trivy',
      kind: 'iac',
      severity: 'high',
      message: 'No public access block so not blocking public acls',
      location: { path: 'infra/s3.tf', startLine: 3, startColumn: 1, endLine: 9, endColumn: 2 },
      fix: 'Enable blocking any PUT calls with a public ACL specified',
      helpUri: 'https://scanner.invalid/avd/aws-0086',
      fingerprint: createHash('sha256').update(`tollgate-sarif-v1\0Trivy\0AVD-AWS-0086\0location\0infra/s3.tf\x003\0No public access block so not blocking public acls`).digest('hex'),
    });
    expect(cve).toMatchObject({ kind: 'vulnerability', severity: 'critical', location: { path: 'Dockerfile', startLine: 1 } });
    expect(cve!.fingerprint).toBe(createHash('sha256').update(`tollgate-sarif-v1\0Trivy\0CVE-2022-1234\0fingerprints\0{"primaryLocationLineHash":"8e1c4a2b:1"}`).digest('hex'));
  });

  it('maps levels to severities when no security-severity is given: error→high, warning→medium, note→low, none→info', () => {
    const results = ['error', 'warning', 'note', 'none'].map((level, i) => ({ ruleId: `R${i}`, level, message: { text: level } }));
    const found = findingsFromSarif(log({ tool: { driver: { name: 'semgrep' } }, results }));

    expect(found.map((f) => f.severity)).toEqual(['high', 'medium', 'low', 'info']);
  });

  it.each([
    ['9.0', 'critical'],
    ['8.9', 'high'],
    ['7.0', 'high'],
    ['6.9', 'medium'],
    ['4.0', 'medium'],
    ['3.9', 'low'],
    ['0.1', 'low'],
    ['0.0', 'info'],
    [10, 'critical'],
  ])('maps security-severity %p to %s, the result overriding its rule', (score, severity) => {
    const run = {
      tool: { driver: { name: 'x', rules: [{ id: 'R', properties: { 'security-severity': '1.0' } }] } },
      results: [{ ruleId: 'R', level: 'note', message: { text: 'm' }, properties: { 'security-severity': score } }],
    };

    expect(findingsFromSarif(log(run))[0]!.severity).toBe(severity);
  });

  it('defaults the level from the rule, then to warning for a failure and none for other kinds', () => {
    const run = {
      tool: { driver: { name: 'x', rules: [{ id: 'R1', defaultConfiguration: { level: 'note' } }] } },
      results: [
        { ruleId: 'R1', message: { text: 'from rule' } },
        { ruleId: 'R2', message: { text: 'default failure' } },
        { ruleId: 'R3', kind: 'review', message: { text: 'needs review' } },
      ],
    };

    expect(findingsFromSarif(log(run)).map((f) => f.severity)).toEqual(['low', 'medium', 'info']);
  });

  it('skips passing, not-applicable and absent results, and marks tool-suppressed ones', () => {
    const run = {
      tool: { driver: { name: 'checkov' } },
      results: [
        { ruleId: 'CKV_1', kind: 'pass', message: { text: 'ok' } },
        { ruleId: 'CKV_2', kind: 'notApplicable', message: { text: 'n/a' } },
        { ruleId: 'CKV_3', baselineState: 'absent', message: { text: 'fixed since' } },
        { ruleId: 'CKV_4', message: { text: 'skipped in source' }, suppressions: [{ kind: 'inSource' }] },
      ],
    };

    expect(findingsFromSarif(log(run)).map((f) => [f.ruleId, f.properties])).toEqual([['CKV_4', { suppressedByTool: true }]]);
  });

  it('resolves rules in extensions, message strings with arguments, and fixes from fixes[].description', () => {
    const run = {
      tool: {
        driver: { name: 'CodeQL' },
        extensions: [{ name: 'codeql/js-queries', rules: [{ id: 'js/sql-injection', messageStrings: { default: { text: 'Query built from {0} ({{raw}})' } } }] }],
      },
      results: [
        {
          rule: { id: 'js/sql-injection', index: 0, toolComponent: { index: 0 } },
          message: { id: 'default', arguments: ['user input'] },
          fixes: [{ description: { text: 'Use a parameterised query' } }, { description: { text: 'validate the input' } }],
          locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 7 } } }],
        },
      ],
      artifacts: [{ location: { uri: 'src/db%20layer/query.js', uriBaseId: 'SRC' } }],
      originalUriBaseIds: { SRC: { uri: 'server/', uriBaseId: '%SRCROOT%' } },
    };

    expect(findingsFromSarif(log(run))[0]).toMatchObject({
      ruleId: 'js/sql-injection',
      message: 'Query built from user input ({raw})',
      fix: 'Use a parameterised query; validate the input',
      location: { path: 'server/src/db layer/query.js', startLine: 7 },
    });
  });

  it('makes absolute file URIs relative to originalUriBaseIds or srcRoot, and takes the scanner name from options', () => {
    const run = {
      tool: { driver: { name: 'gosec' } },
      results: [
        { ruleId: 'G101', message: { text: 'a' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///builds/42/cmd/main.go' } } }] },
        { ruleId: 'G102', message: { text: 'b' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///elsewhere/x.go' } } }] },
      ],
    };

    const found = findingsFromSarif(log(run), { scanner: 'go-security', srcRoot: '/builds/42', kind: 'code' });

    expect(found.map((f) => [f.scanner, f.kind, f.location?.path])).toEqual([
      ['go-security', 'code', 'cmd/main.go'],
      ['go-security', 'code', '/elsewhere/x.go'],
    ]);
  });

  it("withholds another secret scanner's message and properties, which may quote the secret", () => {
    const leaked = ['gh', 'p_'].join('') + 'Z'.repeat(36);
    const run = {
      tool: { driver: { name: 'leakfinder', rules: [{ id: 'github-pat', shortDescription: { text: 'GitHub personal access token' }, properties: { tags: ['secret'] } }] } },
      results: [{ ruleId: 'github-pat', message: { text: `found ${leaked}` }, properties: { match: leaked } }],
    };

    const [finding] = findingsFromSarif(log(run));

    expect(finding).toMatchObject({ kind: 'secret', message: 'Secret reported by leakfinder: GitHub personal access token' });
    expect(JSON.stringify(finding)).not.toContain(leaked);
  });

  it('treats a run without results as no findings', () => {
    expect(findingsFromSarif(log({ tool: { driver: { name: 'x' } }, results: null }))).toEqual([]);
  });

  describe('when the log is not SARIF 2.1.0', () => {
    it.each([
      ['not an object', 'garbage', '(root): expected object, got string'],
      ['wrong version', { version: '2.0.0', runs: [] }, 'version: expected "2.1.0", got "2.0.0"'],
      ['a run without a tool', { version: '2.1.0', runs: [{ results: [] }] }, 'runs[0].tool: expected object, got missing'],
      ['a result without a message', log({ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R' }] }), 'runs[0].results[0].message: expected object, got missing'],
      ['a bad level', log({ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R', level: 'fatal', message: { text: 'm' } }] }), 'runs[0].results[0].level: expected one of none|note|warning|error, got "fatal"'],
      ['line 0', log({ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R', message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }), 'runs[0].results[0].locations[0].physicalLocation.region.startLine: expected number >= 1, got 0'],
    ])('throws INVALID_SARIF with the path for %s', (_case, input, issue) => {
      let error: unknown;
      try {
        findingsFromSarif(input);
      } catch (e) {
        error = e;
      }

      expect(error).toBeInstanceOf(SarifError);
      expect(error).toMatchObject({ code: 'INVALID_SARIF', issues: expect.arrayContaining([issue]) });
    });

    it('throws naming a result that names no rule, an out-of-range ruleIndex, an unresolvable message and a bad score', () => {
      const run = {
        tool: { driver: { name: 'x', rules: [{ id: 'R', properties: { 'security-severity': 'high' } }] } },
        results: [{ message: { text: 'no rule' } }, { ruleId: 'Q', ruleIndex: 4, message: { text: 'm' } }, { ruleId: 'R', message: { id: 'nope' } }, { ruleId: 'R', message: { text: 'm' } }],
      };

      expect(() => findingsFromSarif(log(run))).toThrow(
        expect.objectContaining({
          issues: [
            'runs[0].results[0]: expected ruleId, rule.id or ruleIndex naming a rule, got none',
            'runs[0].results[1].ruleIndex: expected an index into runs[0].tool.driver.rules (1 rules), got 4',
            'runs[0].tool.driver.rules[0].properties["security-severity"]: expected a score 0.0–10.0 (string or number), got "high"',
            "runs[0].results[2].message: expected text, or an id found in the rule's messageStrings, got neither",
          ],
        }),
      );
    });
  });
});
