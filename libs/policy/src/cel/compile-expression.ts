import { celEnv, isCelError, isCelMap, parse, plan, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/**
 * CEL compiled once at pack load, evaluated many times. @bufbuild/cel does not export its
 * type checker, and unknown functions and variables surface only at evaluation, so this
 * also walks the AST and refuses identifiers and functions the gate never binds: a typo
 * fails at load with its position instead of failing a gate at 3 a.m.
 */
const ENV = celEnv({ funcs: strings });

// Operators the planner handles itself rather than through the function registry.
const PLANNER_OPERATORS = ['_&&_', '_||_', '_?_:_', '_[_]', '_[?_]', '_?._', '@not_strictly_false', 'not_strictly_false'];
const FUNCTIONS = new Set([...PLANNER_OPERATORS, ...[...ENV.funcs].map((f) => f.name)]);

type CelExpr = ReturnType<typeof parse>['expr'];
export type CelBindings = Record<string, CelValue>;

export interface CompiledExpression {
  readonly source: string;
  /** Returns the value or an Error (CEL's own errors are values, never thrown). */
  readonly evaluate: (bindings: CelBindings) => CelValue | Error;
}

/** Where in the expression text a problem is: 0-based offset, with the reason. */
export interface ExpressionProblem {
  readonly offset: number;
  readonly message: string;
}

export type CompileResult = { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem };

export function compileExpression(source: string, variables: readonly string[]): CompileResult {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    return { ok: false, problem: parseProblem(source, error) };
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const problem = checkReferences(parsed.expr, new Set(variables), (id) => positions[String(id)] ?? 0);
  if (problem) return { ok: false, problem };
  const planned = plan(ENV, parsed) as (bindings: CelBindings) => unknown;
  const evaluate = (bindings: CelBindings): CelValue | Error => {
    try {
      const value = planned(bindings);
      return isCelError(value) ? value : (value as CelValue);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const path = fieldPath(parsed.expr);
  return { ok: true, expression: { source, evaluate: path ? fastPath(path, evaluate) : evaluate } };
}

/**
 * `item.location.path` and the like (most message placeholders, many `each`) read map
 * entries directly, a few times faster than a planned evaluation; anything else (a missing
 * key, a value that is not a map) goes through CEL, so results and errors are CEL's own.
 */
function fastPath(path: readonly string[], evaluate: (bindings: CelBindings) => CelValue | Error): (bindings: CelBindings) => CelValue | Error {
  const [root, ...fields] = path;
  return (bindings) => {
    let value: CelValue | undefined = bindings[root];
    for (const field of fields) {
      if (!isCelMap(value)) return evaluate(bindings);
      value = value.get(field);
    }
    return value === undefined ? evaluate(bindings) : value;
  };
}

/** `a.b.c` as ['a', 'b', 'c'], or undefined for any other expression. */
function fieldPath(expr: CelExpr): string[] | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return [kind.value.name];
  if (kind.case === 'selectExpr' && !kind.value.testOnly && kind.value.operand) {
    const operand = fieldPath(kind.value.operand);
    return operand && [...operand, kind.value.field];
  }
  return undefined;
}

function parseProblem(source: string, error: unknown): ExpressionProblem {
  const location = (error as { location?: { start?: { offset?: number } } }).location;
  const raw = (error as { rawMessage?: string }).rawMessage ?? (error as Error).message;
  const offset = Math.min(location?.start?.offset ?? 0, Math.max(0, source.length - 1));
  return { offset, message: `CEL syntax error: ${raw}` };
}

/** Depth-first walk: the first unbound identifier or unknown function, with its offset. */
function checkReferences(root: CelExpr, bound: Set<string>, offsetOf: (id: bigint) => number): ExpressionProblem | undefined {
  const walk = (expr: CelExpr | undefined, scope: Set<string>): ExpressionProblem | undefined => {
    if (!expr) return undefined;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'identExpr':
        return scope.has(kind.value.name) ? undefined : { offset: offsetOf(expr.id), message: `undeclared reference to ${JSON.stringify(kind.value.name)} (known here: ${[...scope].filter((n) => !n.startsWith('@')).join(', ')})` };
      case 'selectExpr':
        return walk(kind.value.operand, scope);
      case 'callExpr': {
        const call = kind.value;
        const qualified = call.target ? qualifiedName(call.target) : undefined;
        if (qualified && !scope.has(qualified.split('.')[0]) && FUNCTIONS.has(`${qualified}.${call.function}`)) {
          return firstOf(call.args.map((arg) => () => walk(arg, scope)));
        }
        if (!FUNCTIONS.has(call.function)) return { offset: offsetOf(expr.id), message: `undeclared function ${JSON.stringify(call.function)}` };
        return firstOf([() => walk(call.target, scope), ...call.args.map((arg) => () => walk(arg, scope))]);
      }
      case 'listExpr':
        return firstOf(kind.value.elements.map((element) => () => walk(element, scope)));
      case 'structExpr':
        return firstOf(
          kind.value.entries.flatMap((entry) => [
            () => (entry.keyKind.case === 'mapKey' ? walk(entry.keyKind.value, scope) : undefined),
            () => walk(entry.value, scope),
          ]),
        );
      case 'comprehensionExpr': {
        const c = kind.value;
        const inner = new Set([...scope, c.iterVar, c.accuVar, ...(c.iterVar2 ? [c.iterVar2] : [])]);
        const withAccu = new Set([...scope, c.accuVar]);
        return firstOf([
          () => walk(c.iterRange, scope),
          () => walk(c.accuInit, scope),
          () => walk(c.loopCondition, inner),
          () => walk(c.loopStep, inner),
          () => walk(c.result, withAccu),
        ]);
      }
      case 'constExpr':
      case undefined:
        return undefined;
    }
  };
  return walk(root, bound);
}

function firstOf(checks: Array<() => ExpressionProblem | undefined>): ExpressionProblem | undefined {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
}

function qualifiedName(expr: CelExpr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case === 'selectExpr' && kind.value.operand) {
    const operand = qualifiedName(kind.value.operand);
    return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
  }
  return undefined;
}
