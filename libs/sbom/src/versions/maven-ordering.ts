/**
 * Maven: the ordering of org.apache.maven.artifact.versioning.ComparableVersion as of
 * Maven 3.9 (re-implemented from its documented rules, cross-checked against the
 * maven-artifact 3.9.6 jar — see maven-ordering.spec.ts).
 *
 * A version is split at `.`, at `-` and at digit/letter transitions into numbers and
 * qualifiers; `-` (and a transition) opens a nested list, which orders below a number
 * in the same place (`1-1 < 1.0.1`). Trailing "null" items (0, release qualifiers, empty
 * lists) are dropped, so `1 == 1.0 == 1-ga == 1-final == 1-release`. Qualifiers order
 * alpha(a) < beta(b) < milestone(m) < rc(cr) < snapshot < "" (ga/final/release) < sp,
 * then unknown ones lexically (case-insensitive) after sp; `a`, `b`, `m` are only
 * aliases when a digit follows (`1-a1 == 1-alpha-1`).
 */
import { InvalidVersionError } from './version-errors';
import { sign, type VersionOrdering } from './version-ordering';

type Item = { kind: 'number'; value: bigint } | { kind: 'qualifier'; value: string } | { kind: 'list'; items: Item[] };
type ListItem = Extract<Item, { kind: 'list' }>;

const KNOWN_QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_RANK = String(KNOWN_QUALIFIERS.indexOf(''));
/** What Maven coordinates use in practice; rejects whitespace and this module's range syntax. */
const MAVEN_VERSION_CHARS = /^[0-9A-Za-z._+~-]+$/;

/** Known qualifiers rank by position; unknown ones after all of them, lexically. Compared as strings, as Maven does. */
function qualifierRank(qualifier: string): string {
  const index = KNOWN_QUALIFIERS.indexOf(qualifier);
  return index === -1 ? `${KNOWN_QUALIFIERS.length}-${qualifier}` : String(index);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function qualifier(text: string, followedByDigit: boolean): Item {
  const short: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone' };
  const spelled = followedByDigit ? (short[text] ?? text) : text;
  return { kind: 'qualifier', value: ALIASES[spelled] ?? spelled };
}

function item(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: 'number', value: BigInt(text) } : qualifier(text, false);
}

function isNull(it: Item): boolean {
  switch (it.kind) {
    case 'number':
      return it.value === 0n;
    case 'qualifier':
      return qualifierRank(it.value) === RELEASE_RANK;
    case 'list':
      return it.items.length === 0;
  }
}

/** `other` undefined means "the shorter version ran out here". */
function compareItem(it: Item, other: Item | undefined): number {
  switch (it.kind) {
    case 'number':
      if (!other) return it.value === 0n ? 0 : 1;
      return other.kind === 'number' ? (it.value < other.value ? -1 : it.value > other.value ? 1 : 0) : 1;
    case 'qualifier':
      if (!other) return compareStrings(qualifierRank(it.value), RELEASE_RANK);
      return other.kind === 'qualifier' ? compareStrings(qualifierRank(it.value), qualifierRank(other.value)) : -1;
    case 'list':
      if (!other) {
        for (const child of it.items) {
          const result = compareItem(child, undefined);
          if (result !== 0) return result;
        }
        return 0;
      }
      if (other.kind === 'number') return -1;
      if (other.kind === 'qualifier') return 1;
      for (let i = 0; i < Math.max(it.items.length, other.items.length); i++) {
        const left = it.items[i];
        const right = other.items[i];
        const result = left ? compareItem(left, right) : right ? -compareItem(right, undefined) : 0;
        if (result !== 0) return result;
      }
      return 0;
  }
}

function parseItems(version: string): ListItem {
  const text = version.toLowerCase();
  const root: ListItem = { kind: 'list', items: [] };
  const lists = [root];
  let list = root;
  const openList = (): void => {
    const child: ListItem = { kind: 'list', items: [] };
    list.items.push(child);
    lists.push(child);
    list = child;
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '.' || c === '-') {
      list.items.push(i === start ? { kind: 'number', value: 0n } : item(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === '-') openList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // A qualifier directly before digits (`RC1`) is its own sub-list: 1.0.RC1 orders like 1.0-RC1.
        if (list.items.length > 0) openList();
        list.items.push(qualifier(text.slice(start, i), true));
        start = i;
        openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(item(true, text.slice(start, i)));
        start = i;
        openList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    if (!isDigit && list.items.length > 0) openList();
    list.items.push(item(isDigit, text.slice(start)));
  }
  // Innermost lists first, so a parent sees its emptied children as null and drops them.
  // Nulls are dropped from the end, looking past non-empty sub-lists: 1.0-alpha == 1-alpha.
  for (const each of lists.reverse()) {
    for (let i = each.items.length - 1; i >= 0; i--) {
      const it = each.items[i];
      if (it === undefined) continue;
      if (isNull(it)) each.items.splice(i, 1);
      else if (it.kind !== 'list') break;
    }
  }
  return root;
}

export const mavenOrdering: VersionOrdering<ListItem> = {
  parse(version) {
    if (!MAVEN_VERSION_CHARS.test(version)) {
      throw new InvalidVersionError('maven', version, 'may hold only letters, digits and . - _ + ~ (e.g. 2.17.1 or 1.0-SNAPSHOT)');
    }
    return parseItems(version);
  },
  compare: (a, b) => sign(compareItem(a, b)),
};
