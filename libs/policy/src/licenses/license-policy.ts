import spdxParse from 'spdx-expression-parse';

/**
 * Licence policy over SPDX expressions. Three verdicts, ordered allowed > unknown > denied:
 * a licence id on the deny list is denied, on the allow list allowed; anything else is
 * unknown (needs review) when there is an allow list, allowed when there is only a deny
 * list. `A OR B` takes the best choice (denied only when every choice is), `A AND B` the
 * worst (allowed only when all are). `X WITH E` / `X+` match their exact entry first, then
 * `X`. Nothing declared, NOASSERTION or an unparseable expression is unknown: never allowed.
 */
export type LicenseVerdict = 'allowed' | 'denied' | 'unknown';

export interface LicensePolicy {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

export interface LicenseAssessment {
  readonly verdict: LicenseVerdict;
  /** Why, in one line; empty when allowed. */
  readonly reason: string;
}

interface LicenseLeaf {
  license: string;
  plus?: boolean;
  exception?: string;
}
interface LicenseNode {
  left: SpdxTree;
  right: SpdxTree;
  conjunction: 'and' | 'or';
}
type SpdxTree = LicenseLeaf | LicenseNode;

interface Outcome {
  verdict: LicenseVerdict;
  denied: Set<string>;
  unknown: Set<string>;
}

const NOTHING_DECLARED: LicenseAssessment = { verdict: 'unknown', reason: 'no licence declared' };
const RANK: Record<LicenseVerdict, number> = { denied: 0, unknown: 1, allowed: 2 };
const NOT_ASSERTED = new Set(['NOASSERTION', 'NONE']);

/** Parses an SPDX expression into its tree, or throws with the parser's reason. */
export function parseSpdxExpression(expression: string): SpdxTree {
  const tree = spdxParse(expression);
  if (!isTree(tree)) throw new TypeError(`unexpected parse of ${JSON.stringify(expression)}`);
  return tree;
}

function isTree(value: unknown): value is SpdxTree {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Record<string, unknown>;
  if (typeof node['license'] === 'string') return true;
  return (node['conjunction'] === 'and' || node['conjunction'] === 'or') && isTree(node['left']) && isTree(node['right']);
}

/** One entry of an allow or deny list: a licence id, `id+`, or `id WITH exception`; never a compound. */
export function isLicenseListEntry(entry: string): boolean {
  try {
    return 'license' in parseSpdxExpression(entry);
  } catch {
    return false;
  }
}

/**
 * Assesses components' licences against one policy. Expressions repeat heavily across an
 * SBOM (MIT, Apache-2.0…), so each distinct expression is parsed and judged once.
 */
export class LicenseEvaluator {
  readonly #allow: Set<string>;
  readonly #deny: Set<string>;
  readonly #cache = new Map<string, Outcome>();
  readonly #described = new Map<string, LicenseAssessment>();

  constructor(policy: LicensePolicy) {
    this.#allow = new Set(policy.allow.map(normalised));
    this.#deny = new Set(policy.deny.map(normalised));
  }

  /** The licences a component declares (all in force) → one verdict with its reason. */
  assess(licenses: readonly string[]): LicenseAssessment {
    if (licenses.length === 0) return NOTHING_DECLARED;
    if (licenses.length === 1) {
      let described = this.#described.get(licenses[0]);
      if (!described) this.#described.set(licenses[0], (described = describe(this.#expression(licenses[0]))));
      return described;
    }
    const outcomes = licenses.map((expression) => this.#expression(expression));
    return describe(outcomes.length === 1 ? outcomes[0] : combine('and', outcomes));
  }

  #expression(expression: string): Outcome {
    const cached = this.#cache.get(expression);
    if (cached) return cached;
    let outcome: Outcome;
    const trimmed = expression.trim();
    if (NOT_ASSERTED.has(trimmed)) outcome = unknownOutcome(`licence not asserted (${trimmed})`);
    else {
      try {
        outcome = this.#tree(parseSpdxExpression(trimmed));
      } catch (error) {
        outcome = unknownOutcome(`unparseable SPDX expression ${JSON.stringify(expression)} (${(error as Error).message})`);
      }
    }
    this.#cache.set(expression, outcome);
    return outcome;
  }

  #tree(tree: SpdxTree): Outcome {
    if ('license' in tree) return this.#leaf(tree);
    return combine(tree.conjunction, [this.#tree(tree.left), this.#tree(tree.right)]);
  }

  #leaf(leaf: LicenseLeaf): Outcome {
    const base = `${leaf.license}${leaf.plus ? '+' : ''}`;
    const full = leaf.exception ? `${base} WITH ${leaf.exception}` : base;
    // Most specific entry first: an allowed `GPL-2.0-only WITH Classpath-exception-2.0` beats a denied `GPL-2.0-only`.
    for (const candidate of new Set([full, base, leaf.license])) {
      const key = normalised(candidate);
      if (this.#deny.has(key)) return { verdict: 'denied', denied: new Set([full]), unknown: new Set() };
      if (this.#allow.has(key)) return { verdict: 'allowed', denied: new Set(), unknown: new Set() };
    }
    if (/^(LicenseRef|DocumentRef)-/.test(leaf.license)) return unknownOutcome(`custom licence ${full} is on neither list`);
    if (this.#allow.size === 0) return { verdict: 'allowed', denied: new Set(), unknown: new Set() };
    return unknownOutcome(`${full} is not on the allow list`);
  }
}

function unknownOutcome(reason: string): Outcome {
  return { verdict: 'unknown', denied: new Set(), unknown: new Set([reason]) };
}

function combine(conjunction: 'and' | 'or', parts: Outcome[]): Outcome {
  const pick = conjunction === 'and' ? Math.min : Math.max;
  const rank = pick(...parts.map((p) => RANK[p.verdict]));
  const deciding = parts.filter((p) => RANK[p.verdict] === rank || conjunction === 'and');
  const verdict = parts.find((p) => RANK[p.verdict] === rank)!.verdict;
  // For AND every part's problems count; for OR only those of the best choices.
  return {
    verdict,
    denied: new Set(deciding.flatMap((p) => [...p.denied])),
    unknown: new Set(verdict === 'denied' ? [] : deciding.flatMap((p) => [...p.unknown])),
  };
}

function describe(outcome: Outcome): LicenseAssessment {
  switch (outcome.verdict) {
    case 'allowed':
      return { verdict: 'allowed', reason: '' };
    case 'denied': {
      const denied = [...outcome.denied].sort();
      return { verdict: 'denied', reason: `${denied.join(', ')} ${denied.length > 1 ? 'are' : 'is'} denied` };
    }
    case 'unknown':
      return { verdict: 'unknown', reason: [...outcome.unknown].sort().join('; ') };
  }
}

/** SPDX ids match case-insensitively (SPDX spec, annex on license expressions). */
function normalised(id: string): string {
  return id.trim().replace(/\s+/g, ' ').toLowerCase();
}
