import type { CommandEntry } from '@tollgate/event-client';
import { SBOM_BUILD_USAGE, SBOM_FDA_USAGE, SBOM_QUERY_USAGE } from './sbom-usage';

/**
 * The `tollgate sbom` commands, each its own import: `sbom build` reads in the readers and the
 * writer, not the version orderings of `query` nor the report of `fda-report` (a namespace import
 * of this lib would evaluate them all).
 */
export const SBOM_COMMANDS: Record<'build' | 'fda-report' | 'query', CommandEntry> = {
  build: { load: async () => (await import('./sbom-build.command')).sbomBuild, usage: () => SBOM_BUILD_USAGE },
  'fda-report': { load: async () => (await import('./sbom-fda-report.command')).sbomFdaReport, usage: () => SBOM_FDA_USAGE },
  query: { load: async () => (await import('./sbom-query.command')).sbomQuery, usage: () => SBOM_QUERY_USAGE },
};
