import { parse as parseHcl } from '@cdktf/hcl2json';
import { type FindingLocation } from '../../findings/finding';
import { IacParseError } from '../iac-parse-error';
import { locateHclBlocks, type HclBlockSite } from './hcl-locator';
import { isRecord, type TfBlock, type TfModule, type TfProvider, type TfResource } from './tf-model';

/**
 * Reads one `.tf` file with the real HCL parser (`@cdktf/hcl2json`) and attaches source
 * positions from `locateHclBlocks`. `jsonencode({…})` arguments are parsed again as HCL so
 * policies written that way are checked like JSON strings.
 */
export async function parseHclFile(path: string, content: string): Promise<TfModule> {
  let json: Record<string, unknown>;
  try {
    json = await parseHcl(path, content);
  } catch (error) {
    throw hclParseError(path, error);
  }
  const sites = locateHclBlocks(content);
  const resources: TfResource[] = [];
  for (const mode of ['resource', 'data'] as const) {
    for (const [type, name, body, site] of labelledBodies(json[mode], sites, mode)) {
      const values = (await resolveJsonencode(path, body)) as Record<string, unknown>;
      const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      const block = new HclBlock(path, values, site, { path, startLine: 1 });
      resources.push(Object.assign(block, { mode: mode === 'data' ? ('data' as const) : ('managed' as const), type, name, address }));
    }
  }
  const providers: TfProvider[] = [];
  const providerSites = sites.filter((s) => s.type === 'provider');
  for (const [type, bodies] of Object.entries(isRecord(json['provider']) ? json['provider'] : {})) {
    const own = providerSites.filter((s) => s.labels[0] === type);
    asObjects(bodies).forEach((body, k) => {
      const alias = typeof body['alias'] === 'string' ? `.${body['alias']}` : '';
      providers.push(Object.assign(new HclBlock(path, body, own[k], { path, startLine: 1 }), { name: `${type}${alias}` }));
    });
  }
  return { resources, providers };
}

/** `{type: {name: [body…]}}` from hcl2json, paired with the k-th block site of the same labels. */
function* labelledBodies(
  tree: unknown,
  sites: readonly HclBlockSite[],
  keyword: string,
): Generator<[string, string, Record<string, unknown>, HclBlockSite | undefined]> {
  if (!isRecord(tree)) return;
  for (const [type, byName] of Object.entries(tree)) {
    if (!isRecord(byName)) continue;
    for (const [name, bodies] of Object.entries(byName)) {
      const own = sites.filter((s) => s.type === keyword && s.labels[0] === type && s.labels[1] === name);
      for (const [k, body] of asObjects(bodies).entries()) yield [type, name, body, own[k]];
    }
  }
}

function asObjects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

class HclBlock implements TfBlock {
  constructor(
    readonly path: string,
    readonly values: Readonly<Record<string, unknown>>,
    private readonly site: HclBlockSite | undefined,
    private readonly fallback: FindingLocation,
  ) {}

  locate(attribute?: string): FindingLocation {
    const at = (attribute === undefined ? undefined : this.site?.attributes.get(attribute)) ?? this.site?.at;
    return at ? { path: this.path, startLine: at.line, startColumn: at.column } : this.fallback;
  }

  blocks(name: string): readonly TfBlock[] {
    const sites = this.site?.blocks.filter((b) => b.type === name) ?? [];
    // `ingress = [{…}]` (attribute syntax) has no block sites: point at the attribute.
    return asObjects(this.values[name]).map((body, k) => new HclBlock(this.path, body, sites[k], this.locate(name)));
  }

  references(attribute: string): readonly string[] {
    const refs = new Set<string>();
    for (const text of strings(this.values[attribute])) {
      for (const template of text.matchAll(/\$\{([^}]*)\}/g)) {
        for (const ref of template[1]!.matchAll(/(?<![\w.-])((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)/g)) refs.add(ref[1]!);
      }
    }
    return [...refs];
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return isRecord(value) ? Object.values(value).flatMap(strings) : [];
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

async function resolveJsonencode(path: string, value: unknown): Promise<unknown> {
  if (typeof value === 'string') {
    const argument = JSONENCODE.exec(value)?.[1];
    if (argument === undefined) return value;
    try {
      const parsed = await parseHcl(path, `v = ${argument}\n`);
      return 'v' in parsed ? parsed['v'] : value;
    } catch {
      return value; // Not a literal we can evaluate (e.g. two calls in one template): leave the expression.
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(await resolveJsonencode(path, item));
    return out;
  }
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = await resolveJsonencode(path, item);
  return out;
}

const DIAGNOSTIC = /:(\d+),(\d+)-(?:\d+,)?\d+: ([^;]+);/g;

/** hcl2json reports `file:line,col-line,col: Summary; Detail` per diagnostic; keep the earliest. */
function hclParseError(path: string, error: unknown): IacParseError {
  const text = error instanceof Error ? error.message : String(error);
  const diagnostics = [...text.matchAll(DIAGNOSTIC)]
    .map((m) => ({ line: Number(m[1]), column: Number(m[2]), summary: m[3]!.trim() }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  const first = diagnostics[0];
  if (!first) return new IacParseError(path, 'Terraform', 1, undefined, text.replace(/\s+/g, ' ').slice(0, 200), { cause: error });
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
  return new IacParseError(path, 'Terraform', first.line, first.column, `${first.summary}${more}`, { cause: error });
}
