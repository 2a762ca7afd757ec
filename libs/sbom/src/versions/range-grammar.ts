/**
 * The range grammar every ecosystem shares (whitespace allowed around every token):
 *
 *   range       = alternative *( "||" alternative )        ; OR
 *   alternative = comparator *( separator comparator )      ; AND
 *   separator   = 1*whitespace / *whitespace "," *whitespace
 *   comparator  = [ operator *whitespace ] version          ; no operator means "="
 *   operator    = "<" / "<=" / ">" / ">=" / "=" / "!="
 *   version     = 1*( any character except whitespace , | < > = ! )
 *
 * e.g. `<2.17.1`, `>=2.0-beta9, <2.15.0 || =2.16.0`, `>=1.0 !=1.3 <2.0`. Versions are
 * only split out here; the ecosystem's ordering decides whether each is valid.
 */
import { VersionRangeError } from './version-errors';

export type Operator = '<' | '<=' | '>' | '>=' | '=' | '!=';

export interface ParsedComparator {
  operator: Operator;
  version: string;
  /** 0-based offset of `version` in the range string, for error messages. */
  offset: number;
}

/** OR of ANDs. */
export type ParsedRange = ParsedComparator[][];

const OPERATORS: Operator[] = ['<=', '>=', '!=', '<', '>', '='];
const VERSION_CHARS = /[^\s,|<>=!]+/y;
const WHITESPACE = /\s*/y;

const COMPARATOR = 'a comparator (<, <=, >, >=, =, != then a version, or a bare version)';

export function parseRangeGrammar(range: string): ParsedRange {
  let at = 0;
  const skipWhitespace = (): boolean => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(range);
    const skipped = WHITESPACE.lastIndex > at;
    at = WHITESPACE.lastIndex;
    return skipped;
  };
  const fail = (expected: string): never => {
    throw new VersionRangeError(range, at, expected);
  };

  const comparator = (after: string | undefined): ParsedComparator => {
    const operator = OPERATORS.find((op) => range.startsWith(op, at));
    if (operator) {
      at += operator.length;
      skipWhitespace();
    } else if (range.startsWith('!', at)) {
      fail('"!=" (a lone "!" is not an operator)');
    }
    VERSION_CHARS.lastIndex = at;
    const version = VERSION_CHARS.exec(range)?.[0];
    if (version === undefined) {
      if (operator) fail(`a version after "${operator}"`);
      fail(after ? `${COMPARATOR} after "${after}"` : COMPARATOR);
    }
    const parsed: ParsedComparator = { operator: operator ?? '=', version: version ?? '', offset: at };
    at += parsed.version.length;
    return parsed;
  };

  const alternatives: ParsedRange = [];
  skipWhitespace();
  let current: ParsedComparator[] = [comparator(undefined)];
  for (;;) {
    const sawWhitespace = skipWhitespace();
    if (at === range.length) break;
    if (range.startsWith('||', at)) {
      at += 2;
      skipWhitespace();
      alternatives.push(current);
      current = [comparator('||')];
    } else if (range.startsWith(',', at)) {
      at += 1;
      skipWhitespace();
      current.push(comparator(','));
    } else if (range.startsWith('|', at)) {
      fail('"||" (a lone "|" is not an operator)');
    } else if (sawWhitespace) {
      current.push(comparator(undefined));
    } else {
      fail('whitespace, ",", "||" or the end of the range');
    }
  }
  alternatives.push(current);
  return alternatives;
}
