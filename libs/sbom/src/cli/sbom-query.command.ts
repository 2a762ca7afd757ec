import type { CliDeps, CliIo } from '@tollgate/event-client';
import { parseSbomArgs, SbomUsageError } from './sbom-cli-args';
import { SBOM_QUERY_USAGE } from './sbom-usage';

const DEFAULT_SBOM_URL = 'http://127.0.0.1:8082';

interface Match {
  artifactDigest: string;
  version: string;
  purl: string;
  pipelineRunId: string;
  environments: { environment: string; kind: string }[];
}

/** `tollgate sbom query`: which stored artifacts contain a component, from the SBOM builder's index. */
export async function sbomQuery(args: string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  const { values, positionals } = parseSbomArgs(args, { range: { type: 'string' }, url: { type: 'string' }, json: { type: 'boolean' } }, SBOM_QUERY_USAGE);
  if (positionals.length !== 1 || !positionals[0].startsWith('pkg:')) throw new SbomUsageError('expected one <purl>, e.g. pkg:npm/lodash', SBOM_QUERY_USAGE);
  const base = String(values.url ?? io.env.TOLLGATE_SBOM_URL ?? DEFAULT_SBOM_URL).replace(/\/$/, '');
  const query = new URLSearchParams({ purl: positionals[0], ...(values.range !== undefined && { range: String(values.range) }) });
  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(`${base}/v1/components?${query.toString()}`);
  } catch (error) {
    io.stderr.write(`tollgate: SBOM builder at ${base} unreachable: ${((error as { cause?: Error }).cause ?? (error as Error)).message}\n`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as { matches?: Match[]; error?: { message?: string } };
  if (!res.ok || !body.matches) {
    io.stderr.write(`tollgate: ${body.error?.message ?? `SBOM builder answered HTTP ${res.status}`}\n`);
    return 1;
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`${body.matches.length} artifact(s) contain ${positionals[0]}${values.range ? ` in ${String(values.range)}` : ''}\n`);
  for (const m of body.matches) {
    const envs = m.environments.map((e) => `${e.environment} (${e.kind})`).join(', ') || 'not promoted or deployed';
    io.stdout.write(`  ${m.artifactDigest}  ${m.version}  run ${m.pipelineRunId}  ${envs}\n`);
  }
  return 0;
}
