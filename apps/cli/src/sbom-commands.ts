import type { CommandGroup } from '@tollgate/event-client';

// The SBOM lib is loaded only when an sbom command runs: `sbom build` must start fast.
const sbom = () => import('@tollgate/sbom');

export const SBOM_COMMANDS: CommandGroup = {
  usage: `Usage: tollgate sbom <command> [options]

Commands:
  build <path|image>      build an SBOM offline from a source tree or an OCI image
  fda-report <sbom.json>  list every component's supplier and support status (CSV or Markdown)
  query <purl>            which stored artifacts contain a component (asks the SBOM builder)

Run 'tollgate sbom <command> --help' for a command's options.
`,
  commands: {
    build: { load: async () => (await sbom()).sbomBuild, usage: async () => (await sbom()).SBOM_BUILD_USAGE },
    'fda-report': { load: async () => (await sbom()).sbomFdaReport, usage: async () => (await sbom()).SBOM_FDA_USAGE },
    query: { load: async () => (await sbom()).sbomQuery, usage: async () => (await sbom()).SBOM_QUERY_USAGE },
  },
};
