/**
 * Alpine: apk-tools' ordering (apk-tools 2.x src/version.c, the Gentoo-style
 * `{digits}{.digits}…{letter}{_suffix{digits}}…{-r{digits}}`). Token by token: numbers
 * compare numerically, except that after a `.` a number with leading zeros sorts below
 * any number without (`1.01 < 1.1`, `1.001 < 1.01`); one lower-case letter may follow the
 * numbers (`1.2 < 1.2a < 1.2b`); suffixes rank
 * `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`; `-rN` is the
 * package release. When one version runs out, the longer is greater unless what follows
 * is a pre-release suffix: `1.2_rc1 < 1.2 < 1.2-r1 < 1.2_p1 < 1.2a < 1.2.1`.
 */
import { InvalidVersionError } from './version-errors';
import type { VersionOrdering } from './version-ordering';

/** Token kinds in apk-tools' order: when one version runs out, the larger next kind means "less". */
enum Next {
  Invalid = -1,
  DigitOrZero,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  ReleaseNumber,
  End,
}

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLower = (c: string): boolean => c >= 'a' && c <= 'z';

/** A cursor over one version: `next` is the kind of the token at `at`. */
interface Cursor {
  text: string;
  at: number;
  next: Next;
}

/** After a token: read the separator (if any) and decide the next token's kind, rejecting out-of-order parts. */
function advance(cursor: Cursor): void {
  const c = cursor.text.charAt(cursor.at);
  const previous = cursor.next;
  let kind: Next = Next.Invalid;
  if (c === '') {
    kind = Next.End;
  } else if ((previous === Next.Digit || previous === Next.DigitOrZero) && isLower(c)) {
    kind = Next.Letter;
  } else if (previous === Next.Letter && isDigit(c)) {
    kind = Next.Digit;
  } else if (previous === Next.Suffix && isDigit(c)) {
    kind = Next.SuffixNumber;
  } else {
    if (c === '.') kind = Next.DigitOrZero;
    else if (c === '_') kind = Next.Suffix;
    else if (c === '-' && cursor.text.charAt(cursor.at + 1) === 'r') {
      kind = Next.ReleaseNumber;
      cursor.at++;
    }
    cursor.at++;
  }
  const allowedStepBack =
    (kind === Next.DigitOrZero && previous === Next.Digit) ||
    (kind === Next.Suffix && previous === Next.SuffixNumber) ||
    (kind === Next.Digit && previous === Next.Letter);
  cursor.next = kind < previous && !allowedStepBack ? Next.Invalid : kind;
}

function startsWithAt(text: string, at: number, words: string[]): number {
  return words.findIndex((word) => text.startsWith(word, at));
}

/** Reads the token `cursor.next` says is at `cursor.at`; returns its value. */
function readToken(cursor: Cursor): number {
  const { text } = cursor;
  let end = cursor.at;
  let value = 0;
  let forcedNext: Next | undefined;
  switch (cursor.next) {
    case Next.End:
      return 0;
    case Next.DigitOrZero:
    case Next.Digit:
    case Next.SuffixNumber:
    case Next.ReleaseNumber:
      if (cursor.next === Next.DigitOrZero && text.charAt(end) === '0') {
        // Leading zeros after a dot: the zeros alone are a token worth minus their count.
        while (text.charAt(end) === '0') end++;
        value = -(end - cursor.at);
        forcedNext = Next.Digit;
      } else {
        while (isDigit(text.charAt(end))) value = value * 10 + Number(text.charAt(end++));
      }
      break;
    case Next.Letter:
      value = text.charCodeAt(end++);
      break;
    case Next.Suffix: {
      // Pre-release suffixes are negative (below "no suffix"), post-release ones 0 and up.
      const pre = startsWithAt(text, end, PRE_SUFFIXES);
      const post = pre === -1 ? startsWithAt(text, end, POST_SUFFIXES) : -1;
      const word = pre !== -1 ? PRE_SUFFIXES[pre] : POST_SUFFIXES[post];
      if (word === undefined) {
        cursor.next = Next.Invalid;
        return -1;
      }
      value = pre !== -1 ? pre - PRE_SUFFIXES.length : post;
      end += word.length;
      break;
    }
    case Next.Invalid:
      return -1;
  }
  cursor.at = end;
  if (end >= text.length) cursor.next = Next.End;
  else if (forcedNext !== undefined) cursor.next = forcedNext;
  else advance(cursor);
  return value;
}

function parseAlpine(version: string): string {
  if (!isDigit(version.charAt(0))) {
    throw new InvalidVersionError('apk', version, 'must start with a digit, e.g. 1.2.3_rc1-r0');
  }
  const cursor: Cursor = { text: version, at: 0, next: Next.Digit };
  while (cursor.next !== Next.End && cursor.next !== Next.Invalid) readToken(cursor);
  if (cursor.next === Next.Invalid) {
    throw new InvalidVersionError(
      'apk',
      version,
      'must be digits{.digits}[letter]{_suffix[digits]}[-rN] with suffixes alpha, beta, pre, rc, cvs, svn, git, hg, p',
    );
  }
  return version;
}

function compareAlpine(a: string, b: string): number {
  const left: Cursor = { text: a, at: 0, next: Next.Digit };
  const right: Cursor = { text: b, at: 0, next: Next.Digit };
  let leftValue = 0;
  let rightValue = 0;
  while (left.next === right.next && left.next !== Next.End && left.next !== Next.Invalid && leftValue === rightValue) {
    leftValue = readToken(left);
    rightValue = readToken(right);
  }
  if (leftValue !== rightValue) return leftValue < rightValue ? -1 : 1;
  if (left.next === right.next) return 0;
  // Same so far and one has more: more is greater, unless the more is a pre-release suffix.
  if (left.next === Next.Suffix && readToken({ ...left }) < 0) return -1;
  if (right.next === Next.Suffix && readToken({ ...right }) < 0) return 1;
  return left.next > right.next ? -1 : 1;
}

export const alpineOrdering: VersionOrdering<string> = {
  parse: parseAlpine,
  compare: compareAlpine,
};
