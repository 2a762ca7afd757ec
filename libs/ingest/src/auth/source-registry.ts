import { readFileSync } from 'node:fs';
import { ingestSourcesFileSchema, type IngestSourceConfig } from './ingest-sources.schema';

export interface IngestSource extends IngestSourceConfig {
  /** Resolved HMAC secret; held in memory only, never logged or serialised. */
  readonly hmacSecret?: Buffer;
}

/** Loads the sources file once at boot; errors name the file, the path and the problem. */
export class SourceRegistry {
  private readonly byId = new Map<string, IngestSource>();

  constructor(sources: IngestSource[]) {
    for (const source of sources) {
      if (this.byId.has(source.id)) throw new Error(`ingest sources: duplicate source id "${source.id}"`);
      this.byId.set(source.id, source);
    }
  }

  static fromFile(path: string, env: Record<string, string | undefined>): SourceRegistry {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`ingest sources file ${path}: ${(error as Error).message}`);
    }
    return SourceRegistry.fromObject(raw, env, path);
  }

  static fromObject(raw: unknown, env: Record<string, string | undefined>, origin = 'ingest sources'): SourceRegistry {
    const parsed = ingestSourcesFileSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new Error(`${origin}: ${problems}`);
    }
    return new SourceRegistry(parsed.data.sources.map((s) => ({ ...s, hmacSecret: resolveSecret(s, env, origin) })));
  }

  get(id: string): IngestSource | undefined {
    return this.byId.get(id);
  }

  byIssuer(issuer: string): IngestSource[] {
    return [...this.byId.values()].filter((s) => s.oidc?.issuer === issuer);
  }

  all(): IngestSource[] {
    return [...this.byId.values()];
  }
}

function resolveSecret(source: IngestSourceConfig, env: Record<string, string | undefined>, origin: string): Buffer | undefined {
  if (!source.hmac) return undefined;
  const { secretFile, secretEnv } = source.hmac;
  let value: string | undefined;
  if (secretFile) {
    try {
      value = readFileSync(secretFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new Error(`${origin}: source ${source.id}: cannot read hmac.secretFile ${secretFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else if (secretEnv) {
    value = env[secretEnv];
  }
  if (!value || value.length < 32) {
    throw new Error(`${origin}: source ${source.id}: HMAC secret must be at least 32 characters (${secretFile ? 'file' : 'env'} ${secretFile ?? secretEnv})`);
  }
  return Buffer.from(value, 'utf8');
}
