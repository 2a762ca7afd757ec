import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '@tollgate/messaging';
import { SBOM_STORE_MIGRATIONS } from '@tollgate/sbom-store';

/** The SBOM builder's own Postgres schema: its outbox and inbox, and the SBOM store. */
export const SBOM_SCHEMA = 'sbom';
export const SBOM_SERVICE_ENTITIES = [...OUTBOX_ENTITIES];
/** Listed explicitly, in order: globs break when bundled, and order is history. */
export const SBOM_SERVICE_MIGRATIONS = [...MESSAGING_MIGRATIONS, ...SBOM_STORE_MIGRATIONS];
