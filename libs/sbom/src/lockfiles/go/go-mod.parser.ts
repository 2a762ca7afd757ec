import { SbomInputError } from '../../model/inventory';

/** One directive line of go.mod, block lines included (`require (` … `)` yields one per line). */
export interface GoModDirective {
  verb: string;
  args: string[];
  /** The trailing `//` comment, without the slashes (`indirect` for indirect requirements). */
  comment: string;
  line: number;
}

// The directives of the go.mod reference (go.dev/ref/mod#go-mod-file); the go command refuses any other.
const VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const BLOCK_VERBS = new Set(['require', 'exclude', 'replace', 'retract', 'godebug', 'tool', 'ignore']);

/** Tokens of one line: interpreted "…" strings, raw `…` strings, `=>`, `(`, `)`, or bare words; then the comment. */
function tokenize(text: string, path: string, line: number): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest.startsWith('//')) return { tokens, comment: rest.slice(2).trim() };
    const token = /^(?:"(?:[^"\\\n]|\\.)*"|`[^`]*`|=>|[()]|[^\s"`()]+)/.exec(rest);
    if (!token) {
      throw new SbomInputError(path, 'unterminated quoted string', { line, column: at + 1 });
    }
    tokens.push(unquote(token[0]));
    at += token[0].length;
  }
  return { tokens, comment: '' };
}

function unquote(token: string): string {
  if (token.startsWith('`')) return token.slice(1, -1);
  if (token.startsWith('"')) return JSON.parse(token) as string;
  return token;
}

/** go.mod's directives in file order; an unknown verb or an unclosed block (a truncated file) is an error. */
export function parseGoMod(text: string, path: string): GoModDirective[] {
  const directives: GoModDirective[] = [];
  let block: { verb: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const { tokens, comment } = tokenize(raw, path, line);
    if (tokens.length === 0) return;
    if (block) {
      if (tokens[0] === ')' && tokens.length === 1) block = undefined;
      else directives.push({ verb: block.verb, args: tokens, comment, line });
      return;
    }
    const [verb, ...args] = tokens;
    if (!VERBS.has(verb)) throw new SbomInputError(path, `unknown directive "${verb}"`, { line, column: raw.indexOf(verb) + 1 });
    if (args.length === 1 && args[0] === '(' && BLOCK_VERBS.has(verb)) block = { verb, line };
    else directives.push({ verb, args, comment, line });
  });
  if (block) throw new SbomInputError(path, `truncated: the ${block.verb} block opened here is never closed`, { line: block.line });
  return directives;
}
