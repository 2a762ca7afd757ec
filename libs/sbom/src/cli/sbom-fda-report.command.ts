import { readFile, writeFile } from 'node:fs/promises';
import type { CliIo } from '@tollgate/event-client';
import { fdaCsv, fdaMarkdown, fdaRows } from './fda-report';
import { parseSbomArgs, SbomUsageError } from './sbom-cli-args';
import { SBOM_FDA_USAGE } from './sbom-usage';

/** `tollgate sbom fda-report`: the premarket addendum's component table from a CycloneDX SBOM. */
export async function sbomFdaReport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseSbomArgs(args, { format: { type: 'string' }, out: { type: 'string' } }, SBOM_FDA_USAGE);
  if (positionals.length !== 1) throw new SbomUsageError('expected one <sbom.cdx.json>', SBOM_FDA_USAGE);
  const format = values.format ?? 'markdown';
  if (format !== 'csv' && format !== 'markdown') throw new SbomUsageError(`--format must be csv or markdown, got ${JSON.stringify(format)}`, SBOM_FDA_USAGE);
  let document: { bomFormat?: string; components?: [] };
  try {
    document = JSON.parse(await readFile(positionals[0], 'utf8')) as typeof document;
  } catch (error) {
    io.stderr.write(`tollgate: cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 1;
  }
  if (document.bomFormat !== 'CycloneDX') {
    io.stderr.write(`tollgate: ${positionals[0]} is not a CycloneDX JSON document\n`);
    return 1;
  }
  const rows = fdaRows(document);
  const text = format === 'csv' ? fdaCsv(rows) : fdaMarkdown(rows);
  if (values.out) await writeFile(String(values.out), text);
  else io.stdout.write(text);
  return 0;
}
