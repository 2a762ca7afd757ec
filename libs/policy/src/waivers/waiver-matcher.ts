import type { AppliedWaiver, UnappliedWaiver, WaiverNotAppliedReason, WaiverUse } from '../evaluate/decision';
import { purlInScope } from './purl-scope';
import type { Waiver } from './waiver.schema';

/** What a violation offers a waiver's scope to match against. */
export interface WaiverTarget {
  readonly ruleId: string;
  /** The violation's fingerprint. */
  readonly fingerprint: string;
  /** The underlying finding's own fingerprint, when the item is a finding. */
  readonly itemFingerprint?: string;
  /** The component's purl (or the finding's `purl` property). */
  readonly purl?: string;
}

interface Subject {
  readonly repository?: string;
  readonly artifactDigest: string;
}

interface Tracked {
  readonly waiver: Waiver;
  used: number;
  considered: number;
  /** First reason it did not apply to a violation of its rule. */
  mismatch?: string;
}

/**
 * Applies waivers to one decision's violations: a waiver applies when it names the rule,
 * is in force at `now` (createdAt ≤ now < expiresAt) and every scope field it gives
 * matches. Remembers why each one that did not apply did not, for the auditor.
 */
export class WaiverMatcher {
  readonly #byRule = new Map<string, Tracked[]>();
  readonly #all: Tracked[];

  constructor(
    waivers: readonly Waiver[],
    private readonly subject: Subject,
    private readonly now: Date,
    private readonly ruleIds: ReadonlySet<string>,
  ) {
    this.#all = [...waivers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((waiver) => ({ waiver, used: 0, considered: 0 }));
    for (const tracked of this.#all) {
      const list = this.#byRule.get(tracked.waiver.ruleId) ?? [];
      list.push(tracked);
      this.#byRule.set(tracked.waiver.ruleId, list);
    }
  }

  /** The first (by id) waiver that covers this violation, or undefined. */
  waive(target: WaiverTarget): WaiverUse | undefined {
    for (const tracked of this.#byRule.get(target.ruleId) ?? []) {
      if (this.#inactive(tracked.waiver)) continue;
      tracked.considered++;
      const mismatch = this.#mismatch(tracked.waiver, target);
      if (mismatch) {
        tracked.mismatch ??= mismatch;
        continue;
      }
      tracked.used++;
      const { id, approver, expiresAt, reference } = tracked.waiver;
      return { waiverId: id, approver, expiresAt, reference };
    }
    return undefined;
  }

  report(): { applied: AppliedWaiver[]; notApplied: UnappliedWaiver[] } {
    const applied: AppliedWaiver[] = [];
    const notApplied: UnappliedWaiver[] = [];
    for (const { waiver, used, considered, mismatch } of this.#all) {
      if (used > 0) {
        applied.push({ waiverId: waiver.id, approver: waiver.approver, expiresAt: waiver.expiresAt, reference: waiver.reference, ruleId: waiver.ruleId, violations: used });
        continue;
      }
      const [reason, detail] = this.#whyNot(waiver, considered, mismatch);
      notApplied.push({ waiverId: waiver.id, ruleId: waiver.ruleId, reason, detail });
    }
    return { applied, notApplied };
  }

  #inactive(waiver: Waiver): boolean {
    const now = this.now.getTime();
    return now >= Date.parse(waiver.expiresAt) || now < Date.parse(waiver.createdAt);
  }

  #whyNot(waiver: Waiver, considered: number, mismatch: string | undefined): [WaiverNotAppliedReason, string] {
    const now = this.now.getTime();
    if (!this.ruleIds.has(waiver.ruleId)) return ['unknown-rule', `the policy has no rule ${waiver.ruleId}`];
    if (now >= Date.parse(waiver.expiresAt)) return ['expired', `expired at ${waiver.expiresAt}, evaluated at ${this.now.toISOString()}`];
    if (now < Date.parse(waiver.createdAt)) return ['not-yet-valid', `created at ${waiver.createdAt}, after the evaluation at ${this.now.toISOString()}`];
    const subjectMismatch = this.#subjectMismatch(waiver);
    if (subjectMismatch) return ['out-of-scope', subjectMismatch];
    if (considered === 0) return ['no-violation', `rule ${waiver.ruleId} found nothing to waive`];
    return ['out-of-scope', mismatch ?? 'no violation matched its scope'];
  }

  #subjectMismatch(waiver: Waiver): string | undefined {
    const { repository, artifactDigest } = waiver.scope;
    if (repository !== undefined && repository !== this.subject.repository) {
      return `scope repository ${repository} does not match the evidence's ${this.subject.repository ?? '(none)'}`;
    }
    if (artifactDigest !== undefined && artifactDigest !== this.subject.artifactDigest) {
      return `scope artifactDigest ${artifactDigest} does not match the evidence's ${this.subject.artifactDigest}`;
    }
    return undefined;
  }

  #mismatch(waiver: Waiver, target: WaiverTarget): string | undefined {
    const subject = this.#subjectMismatch(waiver);
    if (subject) return subject;
    const { component, fingerprint } = waiver.scope;
    if (component !== undefined && (target.purl === undefined || !purlInScope(component, target.purl))) {
      return `scope component ${component} matches none of the rule's violations`;
    }
    if (fingerprint !== undefined && fingerprint !== target.fingerprint && fingerprint !== target.itemFingerprint) {
      return `scope fingerprint ${fingerprint} matches none of the rule's violations`;
    }
    return undefined;
  }
}
