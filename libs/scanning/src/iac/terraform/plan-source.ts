import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { type FindingLocation } from '../../findings/finding';
import { IacParseError } from '../iac-parse-error';
import { positionIndex, type SourcePosition } from '../source-position';
import { planExpression, planSchema, type ConfigModule, type PlannedModule } from './plan-schema';
import { baseAddress, isRecord, isUnset, UNKNOWN, type TfBlock, type TfModule, type TfProvider, type TfResource } from './tf-model';

const FORMAT = 'Terraform plan JSON';

/** True when `content` is the output of `terraform show -json <plan>` (cheap textual check). */
export function looksLikeTerraformPlan(content: string): boolean {
  return content.includes('"format_version"') && (content.includes('"planned_values"') || content.includes('"resource_changes"'));
}

/**
 * Reads a plan from `terraform show -json`: resources from `planned_values` (or, when absent,
 * `resource_changes[].change.after`), values known only after apply marked `UNKNOWN`, references
 * and provider settings from `configuration`. Locations point into the JSON text itself.
 */
export function parsePlanFile(path: string, content: string): TfModule {
  const errors: ParseError[] = [];
  const root = parseTree(content, errors, { disallowComments: true, allowTrailingComma: false });
  const positionOf = positionIndex(content);
  if (!root || errors.length > 0) {
    const first = errors[0];
    const at = positionOf(first?.offset ?? 0);
    throw new IacParseError(path, FORMAT, at.line, at.column, first ? `invalid JSON (${printParseErrorCode(first.error)})` : 'empty document');
  }
  const parsed = planSchema.safeParse(getNodeValue(root));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = positionOf(deepestNode(root, issue.path.filter((p): p is string | number => typeof p !== 'symbol')).offset);
    throw new IacParseError(path, FORMAT, at.line, at.column, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const plan = parsed.data;
  const text: PlanText = { path, root, positionOf };
  const configs = configIndex(plan.configuration?.root_module);
  const unknowns = new Map((plan.resource_changes ?? []).map((c) => [c.address, c.change.after_unknown]));

  const resources: TfResource[] = [];
  type Resource = { address: string; mode: 'managed' | 'data'; type: string; name: string };
  const add = (r: Resource, values: Record<string, unknown>, valuesPath: JSONPath, headerPath: JSONPath) => {
    const config = configs.get(baseAddress(r.address));
    const refs = (attribute: string) => references(config?.expressions?.[attribute], config?.prefix ?? '');
    const block = new PlanBlock(text, withUnknowns(values, unknowns.get(r.address)), valuesPath, headerPath, refs);
    resources.push(Object.assign(block, { mode: r.mode, type: r.type, name: r.name, address: r.address }));
  };
  if (plan.planned_values) {
    for (const [r, at] of plannedResources(plan.planned_values.root_module, ['planned_values', 'root_module'])) {
      add(r, r.values ?? {}, [...at, 'values'], [...at, 'address']);
    }
  } else {
    (plan.resource_changes ?? []).forEach((c, k) => {
      if (c.change.after) add(c, c.change.after, ['resource_changes', k, 'change', 'after'], ['resource_changes', k, 'address']);
    });
  }

  const providers: TfProvider[] = Object.entries(plan.configuration?.provider_config ?? {}).map(([key, p]) => {
    const values = Object.fromEntries(
      Object.entries(p.expressions ?? {}).map(([attr, e]) => {
        const expr = planExpression(e);
        return [attr, expr && 'constant_value' in expr ? expr.constant_value : UNKNOWN];
      }),
    );
    const at = ['configuration', 'provider_config', key];
    return Object.assign(new PlanBlock(text, values, [...at, 'expressions'], at, () => []), { name: p.alias ? `${p.name}.${p.alias}` : p.name });
  });
  return { resources, providers };
}

interface PlanText {
  readonly path: string;
  readonly root: Node;
  readonly positionOf: (offset: number) => SourcePosition;
}

class PlanBlock implements TfBlock {
  readonly path: string;

  constructor(
    private readonly text: PlanText,
    readonly values: Readonly<Record<string, unknown>>,
    private readonly valuesPath: JSONPath,
    private readonly headerPath: JSONPath,
    readonly references: (attribute: string) => readonly string[],
  ) {
    this.path = text.path;
  }

  locate(attribute?: string): FindingLocation {
    const node =
      (attribute === undefined ? undefined : findNodeAtLocation(this.text.root, [...this.valuesPath, attribute])) ??
      findNodeAtLocation(this.text.root, this.headerPath) ??
      this.text.root;
    // A property's value node: point at its key, where a reader looks for it.
    const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
    const at = this.text.positionOf(offset);
    return { path: this.path, startLine: at.line, startColumn: at.column };
  }

  blocks(name: string): readonly TfBlock[] {
    const list = this.values[name];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item, k) => {
      if (!isRecord(item)) return [];
      const at = [...this.valuesPath, name, k];
      return [new PlanBlock(this.text, item, at, at, () => [])];
    });
  }
}

function* plannedResources(module: PlannedModule, at: JSONPath): Generator<[NonNullable<PlannedModule['resources']>[number], JSONPath]> {
  for (const [k, r] of (module.resources ?? []).entries()) yield [r, [...at, 'resources', k]];
  for (const [k, child] of (module.child_modules ?? []).entries()) yield* plannedResources(child, [...at, 'child_modules', k]);
}

/** Marks values the plan lists in `after_unknown` (computed at apply) so "missing" rules do not fire on them. */
function withUnknowns(values: Record<string, unknown>, unknown: unknown): Record<string, unknown> {
  if (!isRecord(unknown)) return values;
  const out: Record<string, unknown> = { ...values };
  for (const [key, flag] of Object.entries(unknown)) {
    const value = out[key];
    if (flag === true && isUnset(value)) out[key] = UNKNOWN;
    else if (Array.isArray(flag) && Array.isArray(value)) out[key] = value.map((item, k) => (isRecord(item) ? withUnknowns(item, flag[k]) : item));
    else if (isRecord(flag) && isRecord(value)) out[key] = withUnknowns(value, flag);
  }
  return out;
}

interface ConfigEntry {
  readonly prefix: string;
  readonly expressions: Record<string, unknown> | undefined;
}

function configIndex(module: ConfigModule | undefined, prefix = '', out = new Map<string, ConfigEntry>()): Map<string, ConfigEntry> {
  for (const r of module?.resources ?? []) out.set(prefix + r.address, { prefix, expressions: r.expressions });
  for (const [name, call] of Object.entries(module?.module_calls ?? {})) configIndex(call.module, `${prefix}module.${name}.`, out);
  return out;
}

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'self', 'module', 'terraform']);

/** `["aws_s3_bucket.b.id", "aws_s3_bucket.b"]` → `["module.m.aws_s3_bucket.b"]`. */
function references(expression: unknown, prefix: string): string[] {
  const refs = new Set<string>();
  for (const ref of planExpression(expression)?.references ?? []) {
    const parts = ref.split('.');
    if (NOT_RESOURCES.has(parts[0]!)) continue;
    const wanted = parts[0] === 'data' ? 3 : 2;
    if (parts.length < wanted) continue;
    refs.add(prefix + baseAddress(parts.slice(0, wanted).join('.')));
  }
  return [...refs];
}

/** The node at `path`, or its deepest existing ancestor (so schema errors point near the cause). */
function deepestNode(root: Node, path: JSONPath): Node {
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return node;
  }
  return root;
}
