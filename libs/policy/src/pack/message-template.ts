import { isCelError, isCelList, isCelMap, type CelValue } from '@bufbuild/cel';
import { compileExpression, type CelBindings, type CompiledExpression, type ExpressionProblem } from '../cel/compile-expression';
import { plainOf } from '../cel/evidence-view';

/**
 * Messages and remediations with `{{ … }}` placeholders, each a CEL expression over the
 * rule's bindings (`item`, `evidence`): `{{item.location.path}}:{{item.location.startLine}}`.
 * A placeholder that cannot be evaluated for an item (a field it lacks) renders as `?`
 * rather than failing the rule; guard with `has()` for a better text.
 */
export type MessageTemplate = ReadonlyArray<string | CompiledExpression>;

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;

export type TemplateResult = { ok: true; template: MessageTemplate } | { ok: false; problem: ExpressionProblem };

export function compileTemplate(text: string, variables: readonly string[]): TemplateResult {
  const parts: Array<string | CompiledExpression> = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    const inner = match[1];
    const leading = inner.length - inner.trimStart().length;
    if (inner.trim() === '') return { ok: false, problem: { offset: start, message: 'empty placeholder {{}}' } };
    const compiled = compileExpression(inner.trim(), variables);
    if (!compiled.ok) return { ok: false, problem: { offset: start + 2 + leading + compiled.problem.offset, message: compiled.problem.message } };
    parts.push(compiled.expression);
    last = start + match[0].length;
  }
  const rest = text.slice(last);
  const unclosed = rest.indexOf('{{');
  if (unclosed >= 0) return { ok: false, problem: { offset: last + unclosed, message: 'placeholder {{ is not closed with }}' } };
  if (rest) parts.push(rest);
  return { ok: true, template: parts };
}

export function renderTemplate(template: MessageTemplate, bindings: CelBindings): string {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = part.evaluate(bindings);
    out += value instanceof Error || isCelError(value) ? '?' : textOf(value);
  }
  return out;
}

function textOf(value: CelValue): string {
  if (typeof value === 'string') return value;
  if (isCelList(value)) return [...value].map(textOf).join(', ');
  if (isCelMap(value)) return JSON.stringify(plainOf(value));
  const plain = plainOf(value);
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}
