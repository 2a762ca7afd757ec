import { writeFile } from 'node:fs/promises';
import type { CliIo } from '@tollgate/event-client';
import { buildSbom, type SbomSource } from '../build/build-sbom';
import { sbomTimestamp } from '../cyclonedx/sbom-subject';
import { SbomInputError } from '../model/inventory';
import { loadSupportPolicyFile } from '../support/load-support-policy';

import { parseSbomArgs, SbomUsageError } from './sbom-cli-args';
import { SBOM_BUILD_USAGE } from './sbom-usage';

function sourceOf(values: Record<string, string | boolean | undefined>, positionals: string[]): SbomSource {
  const given = [positionals.length > 0, values['image-layout'] !== undefined, values['image-archive'] !== undefined, values.git !== undefined].filter(Boolean).length;
  if (given !== 1) throw new SbomUsageError('give exactly one of <path>, --image-layout, --image-archive or --git', SBOM_BUILD_USAGE);
  if (positionals.length > 1) throw new SbomUsageError('expected one <path>', SBOM_BUILD_USAGE);
  if (values['image-layout']) return { image: { layoutDir: String(values['image-layout']) } };
  if (values['image-archive']) return { image: { tarball: String(values['image-archive']) } };
  if (values.git) {
    if (!values.commit) throw new SbomUsageError('--git needs --commit <sha>', SBOM_BUILD_USAGE);
    return { repository: String(values.git), commit: String(values.commit) };
  }
  return { directory: positionals[0] };
}

/** `tollgate sbom build`: offline, no service, nothing but the readers and writers loaded. */
export async function sbomBuild(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseSbomArgs(
    args,
    {
      'image-layout': { type: 'string' },
      'image-archive': { type: 'string' },
      git: { type: 'string' },
      commit: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'string' },
      digest: { type: 'string' },
      'support-policy': { type: 'string' },
    },
    SBOM_BUILD_USAGE,
  );
  const format = values.format ?? 'cyclonedx';
  if (format !== 'cyclonedx' && format !== 'spdx') throw new SbomUsageError(`--format must be cyclonedx or spdx, got ${JSON.stringify(format)}`, SBOM_BUILD_USAGE);
  if (values.digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(String(values.digest))) throw new SbomUsageError('--digest must be sha256:<64 hex>', SBOM_BUILD_USAGE);
  const source = sourceOf(values, positionals);
  try {
    const policyPath = values['support-policy'] as string | undefined;
    const supportPolicy = policyPath ? await loadSupportPolicyFile(policyPath) : undefined;
    const built = await buildSbom({
      source,
      timestamp: sbomTimestamp(io.env),
      supportPolicy,
      spdx: format === 'spdx',
      subject: {
        ...(values.name !== undefined && { name: String(values.name) }),
        ...(values.version !== undefined && { version: String(values.version) }),
        ...(values.digest !== undefined && { digest: String(values.digest) }),
      },
    });
    const text = format === 'spdx' ? built.spdx : built.cyclonedx;
    if (values.out) {
      await writeFile(String(values.out), text);
      io.stderr.write(`tollgate: ${built.inventory.components.length} components from ${built.inputs.length} input(s) -> ${String(values.out)} (sha256 ${built.sha256.slice(0, 12)}…)\n`);
    } else io.stdout.write(text);
    return 0;
  } catch (error) {
    if (error instanceof SbomInputError || (error as Error).name === 'SupportPolicyError' || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr.write(`tollgate: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
