import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import type { core } from 'zod';
import { compileExpression, type CompiledExpression } from '../cel/compile-expression';
import { gateEvidenceSchema } from '../evidence/gate-evidence.schema';
import { LicenseEvaluator } from '../licenses/license-policy';
import { applyMergePatch, patchTouches } from '../pack-tests/merge-patch';
import { pathText, PolicyPackError, type PolicyIssue, type PolicyPackErrorCode } from '../policy.error';
import { waiverSchema } from '../waivers/waiver.schema';
import { compileTemplate, type MessageTemplate } from './message-template';
import type { CompiledRule, PackTest, PolicyPack } from './policy-pack';
import { policyPackDocumentSchema, type PackRuleDocument, type PackTestDocument, type PolicyPackDocument } from './policy-pack.schema';
import { YamlLocator } from './yaml-locator';

/**
 * Parses and compiles a policy pack: YAML, then the schema, then every CEL expression
 * and template, then inline test evidence. Pure: the same text always gives the same pack
 * (or the same PolicyPackError listing every issue with file, line and column).
 */
export function parsePolicyPack(text: string, file: string): PolicyPack {
  const digest = `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    fail('PACK_YAML_INVALID', file, doc.errors.map((e) => ({ file, ...yamlPosition(lines, e.pos[0]), path: '', message: yamlReason(e.message) })));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail('PACK_YAML_INVALID', file, [{ file, line: 1, column: 1, path: '', message: (error as Error).message }]);
  }
  const locator = new YamlLocator(doc, lines, text);
  const parsed = policyPackDocumentSchema.safeParse(value ?? {});
  if (!parsed.success) fail('PACK_SCHEMA_INVALID', file, parsed.error.issues.flatMap((issue) => schemaIssues(issue, [], file, locator)));
  const document = parsed.data;

  const issues: PolicyIssue[] = [];
  const rules = document.rules.map((rule, index) => compileRule(rule, index, file, locator, issues));
  if (issues.length > 0) fail('PACK_CEL_INVALID', file, issues);
  const tests = document.tests.map((test, index) => packTest(test, index, file, locator, issues));
  if (issues.length > 0) fail('PACK_TEST_EVIDENCE_INVALID', file, issues);

  return {
    pin: { name: document.name, version: document.version, digest },
    description: document.description,
    file,
    deadlineSeconds: document.deadlineSeconds,
    requiredEvidence: document.requiredEvidence,
    licenses: document.licenses,
    licenseEvaluator: new LicenseEvaluator(document.licenses),
    rules: rules.filter((r): r is CompiledRule => r !== undefined),
    tests,
  };
}

function fail(code: PolicyPackErrorCode, file: string, issues: PolicyIssue[]): never {
  throw new PolicyPackError(code, file, issues);
}

/** 1-based line and column of a source offset. */
export function yamlPosition(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** The yaml library's message without its own position suffix and source excerpt. */
function yamlReason(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A zod issue as positioned issues; an unknown key points at the key itself. */
export function schemaIssues(issue: core.$ZodIssue, base: readonly PropertyKey[], file: string, locator: YamlLocator): PolicyIssue[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const { line, column } = locator.position([...path, key], { key: true });
      return { file, line, column, path: pathText([...path, key]), message: `unknown field ${JSON.stringify(key)}` };
    });
  }
  const { line, column } = locator.position(path);
  const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
  return [{ file, line, column, path: pathText(path), message: missing ? `required field is missing (expected ${issue.expected})` : issue.message }];
}

function compileRule(rule: PackRuleDocument, index: number, file: string, locator: YamlLocator, issues: PolicyIssue[]): CompiledRule | undefined {
  const variables = rule.each === undefined ? ['evidence'] : ['evidence', 'item'];
  const at = (field: string, source: string, offset: number, message: string) => {
    const { line, column } = locator.positionInValue(['rules', index, field], source, offset);
    issues.push({ file, line, column, path: `rules[${index}].${field}`, message: `rule ${rule.id}: ${message}` });
  };
  const expression = (field: 'each' | 'when', vars: string[]): CompiledExpression | undefined => {
    const source = rule[field];
    if (source === undefined) return undefined;
    const compiled = compileExpression(source, vars);
    if (compiled.ok) return compiled.expression;
    at(field, source, compiled.problem.offset, compiled.problem.message);
    return undefined;
  };
  const template = (field: 'message' | 'remediation'): MessageTemplate | undefined => {
    const compiled = compileTemplate(rule[field], variables);
    if (compiled.ok) return compiled.template;
    at(field, rule[field], compiled.problem.offset, compiled.problem.message);
    return undefined;
  };
  const each = expression('each', ['evidence']);
  const when = expression('when', variables);
  const message = template('message');
  const remediation = template('remediation');
  if (!message || !remediation || (rule.each !== undefined && !each) || (rule.when !== undefined && !when)) return undefined;
  return {
    id: rule.id,
    severity: rule.severity,
    description: rule.description,
    blocking: rule.blocking ?? rule.severity === 'critical',
    ...(each && { each }),
    ...(when && { when }),
    message,
    remediation,
    line: locator.position(['rules', index]).line,
  };
}

function packTest(test: PackTestDocument, index: number, file: string, locator: YamlLocator, issues: PolicyIssue[]): PackTest {
  const base = ['tests', index];
  if (typeof test.evidence !== 'string') {
    const evidence = test.patch ? applyMergePatch(test.evidence, test.patch) : test.evidence;
    const checked = gateEvidenceSchema.safeParse(evidence);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const inPatch = test.patch !== undefined && patchTouches(test.patch, issue.path);
        issues.push(...schemaIssues(issue, [...base, inPatch ? 'patch' : 'evidence'], file, locator));
      }
    }
  }
  (test.waivers ?? []).forEach((waiver, at) => {
    const checked = waiverSchema.safeParse(waiver);
    if (!checked.success) for (const issue of checked.error.issues) issues.push(...schemaIssues(issue, [...base, 'waivers', at], file, locator));
  });
  const { line, column } = locator.position(base);
  return {
    name: test.name,
    evidence: typeof test.evidence === 'string' ? { file: test.evidence } : { inline: test.evidence },
    ...(test.patch && { patch: test.patch }),
    waivers: test.waivers ?? [],
    ...(test.now && { now: test.now }),
    expect: test.expect,
    line,
    column,
    positionOf: (path) => locator.position([...base, ...path]),
  };
}

export type { PolicyPackDocument };
