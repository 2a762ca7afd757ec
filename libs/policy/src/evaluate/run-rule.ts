import { createHash } from 'node:crypto';
import { isCelError, isCelList, type CelValue } from '@bufbuild/cel';
import canonicalize from 'canonicalize';
import type { CelBindings } from '../cel/compile-expression';
import { plainOf, type EvidenceView, type ItemSource } from '../cel/evidence-view';
import type { GateEvidence } from '../evidence/gate-evidence.schema';
import { renderTemplate } from '../pack/message-template';
import type { CompiledRule } from '../pack/policy-pack';
import type { WaiverTarget } from '../waivers/waiver-matcher';
import type { ItemSummary, ViolationLocation } from './decision';

/** A violation before waivers, with what a waiver's scope matches against. */
export interface FoundViolation {
  readonly message: string;
  readonly fix: string;
  readonly location?: ViolationLocation;
  readonly item?: ItemSummary;
  readonly target: WaiverTarget;
}

export type RuleRun = { violations: FoundViolation[]; error?: undefined } | { violations: []; error: string };

/** Evaluates one compiled rule over the evidence view: one violation per offending item. */
export function runRule(rule: CompiledRule, view: EvidenceView, evidence: GateEvidence): RuleRun {
  const evidenceBinding: CelBindings = { evidence: view.root };
  if (!rule.each) {
    const held = rule.when ? rule.when.evaluate(evidenceBinding) : true;
    if (held instanceof Error || isCelError(held)) return failed(`when: ${messageOf(held)}`);
    if (typeof held !== 'boolean') return failed(`when must yield a bool, got ${describeValue(held)}`);
    return { violations: held ? [violation(rule, evidenceBinding, undefined, undefined, evidence)] : [] };
  }
  const items = rule.each.evaluate(evidenceBinding);
  if (items instanceof Error || isCelError(items)) return failed(`each: ${messageOf(items)}`);
  if (!isCelList(items)) return failed(`each must yield a list, got ${describeValue(items)}`);
  const violations: FoundViolation[] = [];
  for (const item of items) {
    const bindings: CelBindings = { evidence: view.root, item };
    if (rule.when) {
      const held = rule.when.evaluate(bindings);
      if (held instanceof Error || isCelError(held)) return failed(`when, for ${itemLabel(view.sourceOf(item), item)}: ${messageOf(held)}`);
      if (typeof held !== 'boolean') return failed(`when must yield a bool, got ${describeValue(held)}`);
      if (!held) continue;
    }
    violations.push(violation(rule, bindings, item, view.sourceOf(item), evidence));
  }
  return { violations };
}

function failed(error: string): RuleRun {
  return { violations: [], error };
}

function violation(rule: CompiledRule, bindings: CelBindings, item: CelValue | undefined, source: ItemSource | undefined, evidence: GateEvidence): FoundViolation {
  const message = renderTemplate(rule.message, bindings);
  const fix = renderTemplate(rule.remediation, bindings);
  const summary = item === undefined ? undefined : summaryOf(source, item);
  const identity = identityOf(source, item, evidence);
  const fingerprint = createHash('sha256').update(`${rule.id}\0${identity}`).digest('hex');
  const location = source?.kind === 'finding' ? source.finding.location : undefined;
  const purl = purlOf(source);
  return {
    message,
    fix,
    ...(location && { location: { ...location } }),
    ...(summary && { item: summary }),
    target: {
      ruleId: rule.id,
      fingerprint,
      ...(source?.kind === 'finding' && { itemFingerprint: source.finding.fingerprint }),
      ...(purl !== undefined && { purl }),
    },
  };
}

function purlOf(source: ItemSource | undefined): string | undefined {
  if (source?.kind === 'component') return source.component.purl;
  if (source?.kind === 'finding') {
    const purl = source.finding.properties?.['purl'];
    return typeof purl === 'string' ? purl : undefined;
  }
  return undefined;
}

function identityOf(source: ItemSource | undefined, item: CelValue | undefined, evidence: GateEvidence): string {
  switch (source?.kind) {
    case 'finding':
      return `finding:${source.finding.fingerprint}`;
    case 'component':
      return `component:${source.component.purl}`;
    case 'scan':
      return `scan:${source.scan.scanner}/${source.scan.kind}`;
    case undefined:
      return item === undefined ? `evidence:${evidence.artifactDigest}` : `value:${canonicalize(plainOf(item)) ?? ''}`;
  }
}

function summaryOf(source: ItemSource | undefined, item: CelValue): ItemSummary {
  switch (source?.kind) {
    case 'finding': {
      const { finding } = source;
      const purl = purlOf(source);
      const ids = advisoryIdsOf(finding.ruleId, finding.properties);
      return {
        type: 'finding',
        ruleId: finding.ruleId,
        scanner: finding.scanner,
        kind: finding.kind,
        severity: finding.severity,
        fingerprint: finding.fingerprint,
        ...(purl !== undefined && { purl }),
        ...(finding.kind === 'vulnerability' && ids.length > 0 && { advisoryIds: ids }),
      };
    }
    case 'component':
      return {
        type: 'component',
        purl: source.component.purl,
        licenses: [...source.component.licenses],
        licenseVerdict: source.license.verdict,
        ...(source.license.reason && { licenseReason: source.license.reason }),
      };
    case 'scan':
      return { type: 'scan', scanner: source.scan.scanner, kind: source.scan.kind, status: source.scan.status, ...(source.scan.failureCode && { failureCode: source.scan.failureCode }) };
    case undefined:
      return { type: 'value', value: plainOf(item) };
  }
}

function advisoryIdsOf(ruleId: string, properties: Readonly<Record<string, string | number | boolean>> | undefined): string[] {
  const ids = [ruleId, properties?.['advisoryId'], ...(typeof properties?.['aliases'] === 'string' ? properties['aliases'].split(',') : [])];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim()))].sort();
}

function itemLabel(source: ItemSource | undefined, item: CelValue): string {
  switch (source?.kind) {
    case 'finding':
      return `finding ${source.finding.ruleId} (${source.finding.fingerprint.slice(0, 12)})`;
    case 'component':
      return `component ${source.component.purl}`;
    case 'scan':
      return `scan ${source.scan.scanner}/${source.scan.kind}`;
    case undefined:
      return `item ${describeValue(item)}`;
  }
}

function messageOf(error: Error): string {
  return error.message;
}

function describeValue(value: CelValue): string {
  const text = JSON.stringify(plainOf(value)) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
