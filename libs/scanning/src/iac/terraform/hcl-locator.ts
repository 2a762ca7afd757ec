import { positionIndex, type SourcePosition } from '../source-position';

/** Where a block and its attributes are written; values come from the real parser, not from here. */
export interface HclBlockSite {
  readonly type: string;
  readonly labels: readonly string[];
  /** Position of the block's type keyword (the header). */
  readonly at: SourcePosition;
  /** Position of each attribute's name; the first definition wins. */
  readonly attributes: ReadonlyMap<string, SourcePosition>;
  readonly blocks: readonly HclBlockSite[];
}

/**
 * Finds block headers and attribute names in HCL that `@cdktf/hcl2json` has already accepted.
 * The parser's JSON carries no positions, so this walks the text once, skipping strings
 * (with `${…}` templates), heredocs, comments and bracketed expressions, and records only
 * where things are. On text the parser rejected, its output is not used.
 */
export function locateHclBlocks(text: string): HclBlockSite[] {
  return new HclLocator(text).body(false).blocks;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const HEREDOC = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

class HclLocator {
  private i = 0;
  private readonly positionOf: (offset: number) => SourcePosition;

  constructor(private readonly s: string) {
    this.positionOf = positionIndex(s);
  }

  body(closedByBrace: boolean): { attributes: Map<string, SourcePosition>; blocks: HclBlockSite[] } {
    const attributes = new Map<string, SourcePosition>();
    const blocks: HclBlockSite[] = [];
    for (;;) {
      this.skipTrivia(true);
      if (this.i >= this.s.length) break;
      const ch = this.s[this.i]!;
      if (ch === '}') {
        this.i++;
        if (closedByBrace) break;
        continue;
      }
      if (!IDENT_START.test(ch)) {
        this.i++;
        continue;
      }
      const start = this.i;
      const name = this.ident();
      this.skipTrivia(false);
      if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=') {
        this.i++;
        if (!attributes.has(name)) attributes.set(name, this.positionOf(start));
        this.skipExpression();
        continue;
      }
      const labels = this.labels();
      if (labels === undefined) continue;
      const inner = this.body(true);
      blocks.push({ type: name, labels, at: this.positionOf(start), ...inner });
    }
    return { attributes, blocks };
  }

  /** Labels up to and including the block's `{`; undefined when this is not a block header. */
  private labels(): string[] | undefined {
    const labels: string[] = [];
    for (;;) {
      this.skipTrivia(false);
      const ch = this.s[this.i];
      if (ch === '{') {
        this.i++;
        return labels;
      }
      if (ch === '"') {
        const from = this.i + 1;
        this.skipString();
        labels.push(this.s.slice(from, this.i - 1));
      } else if (ch !== undefined && IDENT_START.test(ch)) {
        labels.push(this.ident());
      } else {
        return undefined;
      }
    }
  }

  private ident(): string {
    const from = this.i;
    while (this.i < this.s.length && IDENT_PART.test(this.s[this.i]!)) this.i++;
    return this.s.slice(from, this.i);
  }

  /** Skips spaces and comments; newlines too when `newlines` is set. */
  private skipTrivia(newlines: boolean): void {
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (ch === ' ' || ch === '\t' || ch === '\r' || (newlines && ch === '\n')) this.i++;
      else if (ch === '#' || (ch === '/' && this.s[this.i + 1] === '/')) this.skipLine();
      else if (ch === '/' && this.s[this.i + 1] === '*') this.skipBlockComment();
      else break;
    }
  }

  /** An attribute's value: ends at a newline outside brackets, or before the enclosing `}`. */
  private skipExpression(): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (ch === '\n' && depth === 0) return;
      if (this.skipNested(ch)) continue;
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) return;
        depth--;
      }
      this.i++;
    }
  }

  /** Skips a string, heredoc or comment starting here; false when none starts here. */
  private skipNested(ch: string): boolean {
    if (ch === '"') this.skipString();
    else if (ch === '<' && this.s[this.i + 1] === '<' && this.skipHeredoc()) return true;
    else if (ch === '#' || (ch === '/' && this.s[this.i + 1] === '/')) this.skipLine();
    else if (ch === '/' && this.s[this.i + 1] === '*') this.skipBlockComment();
    else return false;
    return true;
  }

  private skipString(): void {
    this.i++;
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (ch === '\\') this.i += 2;
      else if (ch === '"') {
        this.i++;
        return;
      } else if ((ch === '$' || ch === '%') && this.s[this.i + 1] === ch && this.s[this.i + 2] === '{') this.i += 3;
      else if ((ch === '$' || ch === '%') && this.s[this.i + 1] === '{') {
        this.i += 2;
        this.skipTemplate();
      } else this.i++;
    }
  }

  /** The inside of `${…}` / `%{…}`, through its closing brace. */
  private skipTemplate(): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (this.skipNested(ch)) continue;
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0 && ch === '}') {
          this.i++;
          return;
        }
        depth--;
      }
      this.i++;
    }
  }

  private skipHeredoc(): boolean {
    HEREDOC.lastIndex = this.i;
    const match = HEREDOC.exec(this.s);
    if (!match) return false;
    const marker = match[1]!;
    let lineStart = HEREDOC.lastIndex;
    while (lineStart < this.s.length) {
      const end = this.s.indexOf('\n', lineStart);
      const lineEnd = end === -1 ? this.s.length : end;
      if (this.s.slice(lineStart, lineEnd).trim() === marker) {
        this.i = lineEnd;
        return true;
      }
      lineStart = lineEnd + 1;
    }
    this.i = this.s.length;
    return true;
  }

  private skipLine(): void {
    const end = this.s.indexOf('\n', this.i);
    this.i = end === -1 ? this.s.length : end;
  }

  private skipBlockComment(): void {
    const end = this.s.indexOf('*/', this.i + 2);
    this.i = end === -1 ? this.s.length : end + 2;
  }
}
