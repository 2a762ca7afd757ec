import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { gateEvidenceSchema, type GateEvidence } from '../evidence/gate-evidence.schema';
import type { Decision } from '../evaluate/decision';
import { evaluate } from '../evaluate/evaluate';
import { schemaIssues, yamlPosition } from '../pack/parse-policy-pack';
import type { PackTest, PolicyPack } from '../pack/policy-pack';
import { YamlLocator } from '../pack/yaml-locator';
import { pathText, PolicyPackError, type PolicyIssue } from '../policy.error';
import { parseWaiver } from '../waivers/waiver.schema';
import { applyMergePatch, patchTouches } from './merge-patch';

export interface PackTestResult {
  readonly name: string;
  readonly passed: boolean;
  /** Each unmet expectation, e.g. `expected failedRules [a], got [a, b]`. */
  readonly failures: readonly string[];
  /** The test's line in the pack. */
  readonly line: number;
  readonly decision: Decision;
}

interface LoadedFile {
  readonly value: unknown;
  readonly locator: YamlLocator;
}

/**
 * Runs a pack's own test cases, like `opa test`: evidence in, decision out, compared
 * with the expectation. Unreadable or invalid test evidence is a PolicyPackError (the
 * pack is malformed), positioned in the evidence file or the test's patch.
 */
export async function runPackTests(pack: PolicyPack, options: { now?: Date } = {}): Promise<PackTestResult[]> {
  const files = new Map<string, LoadedFile>();
  const results: PackTestResult[] = [];
  for (const test of pack.tests) {
    const evidence = await testEvidence(pack, test, files);
    const now = test.now ? new Date(test.now) : (options.now ?? new Date());
    const decision = evaluate(pack, evidence, { now, waivers: test.waivers.map(parseWaiver) });
    const failures = unmetExpectations(test, decision);
    results.push({ name: test.name, passed: failures.length === 0, failures, line: test.line, decision });
  }
  return results;
}

async function testEvidence(pack: PolicyPack, test: PackTest, files: Map<string, LoadedFile>): Promise<GateEvidence> {
  let base: unknown;
  let file: string;
  let locator: ((path: readonly PropertyKey[]) => { line: number; column: number }) | undefined;
  if ('file' in test.evidence) {
    file = resolve(dirname(pack.file), test.evidence.file);
    const loaded = files.get(file) ?? (await loadEvidenceFile(file, pack, test));
    files.set(file, loaded);
    base = loaded.value;
    locator = (path) => loaded.locator.position(path);
  } else {
    file = pack.file;
    base = test.evidence.inline;
  }
  const evidence = test.patch ? applyMergePatch(base, test.patch) : base;
  const checked = gateEvidenceSchema.safeParse(evidence);
  if (checked.success) return checked.data;
  const issues: PolicyIssue[] = checked.error.issues.map((issue) => {
    const inPatch = test.patch !== undefined && patchTouches(test.patch, issue.path);
    const at = inPatch || !locator ? test.positionOf([inPatch ? 'patch' : 'evidence', ...issue.path]) : locator(issue.path);
    const where = inPatch || !locator ? pack.file : file;
    return { file: where, ...at, path: pathText(issue.path), message: `test ${JSON.stringify(test.name)}: evidence ${issue.message}` };
  });
  throw new PolicyPackError('PACK_TEST_EVIDENCE_INVALID', pack.file, issues);
}

async function loadEvidenceFile(file: string, pack: PolicyPack, test: PackTest): Promise<LoadedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const { line, column } = test.positionOf(['evidence']);
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new PolicyPackError('PACK_TEST_EVIDENCE_INVALID', pack.file, [
      { file: pack.file, line, column, path: `tests[${pack.tests.indexOf(test)}].evidence`, message: `cannot read evidence file ${file}: ${reason}` },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyPackError(
      'PACK_TEST_EVIDENCE_INVALID',
      pack.file,
      doc.errors.map((e) => ({ file, ...yamlPosition(lines, e.pos[0]), path: '', message: e.message.split('\n')[0] })),
    );
  }
  const locator = new YamlLocator(doc, lines, text);
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  // Validated here only for its own shape problems' positions; the patched result is validated again.
  const own = gateEvidenceSchema.safeParse(value);
  if (!own.success && !test.patch) throw new PolicyPackError('PACK_TEST_EVIDENCE_INVALID', pack.file, own.error.issues.flatMap((issue) => schemaIssues(issue, [], file, locator)));
  return { value, locator };
}

function unmetExpectations(test: PackTest, decision: Decision): string[] {
  const failures: string[] = [];
  const { expect } = test;
  if (decision.verdict !== expect.verdict) failures.push(`expected verdict ${expect.verdict}, got ${decision.verdict}${explain(decision, decision.blockingFailures)}`);
  const compareSet = (field: string, wanted: readonly string[] | undefined, got: readonly string[]) => {
    if (wanted === undefined) return;
    const a = [...wanted].sort();
    const b = [...got].sort();
    if (a.length !== b.length || a.some((id, i) => id !== b[i])) {
      failures.push(`expected ${field} [${a.join(', ')}], got [${b.join(', ')}]${explain(decision, b.filter((id) => !a.includes(id)))}`);
    }
  };
  compareSet('failedRules', expect.failedRules, decision.blockingFailures);
  compareSet('warnedRules', expect.warnedRules, decision.warnings);
  compareSet('waivedRules', expect.waivedRules, decision.rules.filter((r) => r.violations.some((v) => v.waived)).map((r) => r.id));
  return failures;
}

/** The first violation (or error) of each unexpected rule, so a failing test says why. */
function explain(decision: Decision, ruleIds: readonly string[]): string {
  const notes = ruleIds.flatMap((id) => {
    const rule = decision.rules.find((r) => r.id === id);
    const first = rule?.error ?? rule?.violations.find((v) => !v.waived)?.message;
    return first ? [`${id}: ${first}`] : [];
  });
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}
