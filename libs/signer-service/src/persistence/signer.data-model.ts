import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '@tollgate/messaging';
import { CreateSignerTables1764000000500 } from './create-signer-tables.migration';

/** The signer's own Postgres schema: its outbox and inbox, run facts and bundles. */
export const SIGNER_SCHEMA = 'signer';
export const SIGNER_ENTITIES = [...OUTBOX_ENTITIES];
/** Listed explicitly, in order: globs break when bundled, and order is history. */
export const SIGNER_MIGRATIONS = [...MESSAGING_MIGRATIONS, CreateSignerTables1764000000500];
