import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '@tollgate/messaging';
import { CreateScannerTables1764000000600 } from './create-scanner-tables.migration';

/** The scanner runner's own Postgres schema: outbox and inbox, scans and findings, advisories. */
export const SCANNER_SCHEMA = 'scanner';
export const SCANNER_ENTITIES = [...OUTBOX_ENTITIES];
/** Listed explicitly, in order: globs break when bundled, and order is history. */
export const SCANNER_MIGRATIONS = [...MESSAGING_MIGRATIONS, CreateScannerTables1764000000600];
