// Imported only when an sbom command runs (see sbom-commands.ts): a static import of the lib's
// table lets the bundle keep just the command that runs and what it uses.
export { SBOM_COMMANDS } from '@tollgate/sbom';
