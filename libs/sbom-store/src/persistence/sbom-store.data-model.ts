import { CreateSbomStoreTables1764000000400 } from './create-sbom-store-tables.migration';
import { IndexComponentSources1765100000400 } from './index-component-sources.migration';

/**
 * The SBOM store's tables only: the app lists them after the messaging migrations
 * (MESSAGING_MIGRATIONS, OUTBOX_ENTITIES) it also needs. Explicit, in order: globs
 * break when bundled, and order is history.
 */
export const SBOM_STORE_MIGRATIONS = [CreateSbomStoreTables1764000000400, IndexComponentSources1765100000400];
