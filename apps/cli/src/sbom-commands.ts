import type { CommandEntry, CommandGroup } from '@tollgate/event-client';

// The SBOM lib loads only when an sbom command runs, and then only that command: `sbom build` must
// start fast. Not `import('@tollgate/sbom')`: a namespace keeps every module of the lib.
const table = async () => (await import('./sbom-command-table')).SBOM_COMMANDS;
const lazy = (name: 'build' | 'fda-report' | 'query'): CommandEntry => ({ load: async () => (await table())[name].load(), usage: async () => (await table())[name].usage() });

export const SBOM_COMMANDS: CommandGroup = {
  usage: `Usage: tollgate sbom <command> [options]

Commands:
  build <path|image>      build an SBOM offline from a source tree or an OCI image
  fda-report <sbom.json>  list every component's supplier and support status (CSV or Markdown)
  query <purl>            which stored artifacts contain a component (asks the SBOM builder)

Run 'tollgate sbom <command> --help' for a command's options.
`,
  commands: { build: lazy('build'), 'fda-report': lazy('fda-report'), query: lazy('query') },
};
