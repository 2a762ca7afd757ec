import { AUDIT_MIGRATIONS } from '@tollgate/audit';
import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '@tollgate/messaging';
import { CreateTransitKeyTables1764000000200 } from '../backend/embedded/create-transit-key-tables.migration';
import { CreateStaticSecretTable1765000000100 } from '../backend/embedded/create-static-secret-table.migration';
import { CreateCredentialTables1764000000300 } from './create-credential-tables.migration';

/** The credential broker's own Postgres schema. */
export const CREDENTIALS_SCHEMA = 'credentials';
export const CREDENTIALS_ENTITIES = [...OUTBOX_ENTITIES];
/** Listed explicitly, in order: globs break when bundled, and order is history. */
export const CREDENTIALS_MIGRATIONS = [...MESSAGING_MIGRATIONS, ...AUDIT_MIGRATIONS, CreateTransitKeyTables1764000000200, CreateCredentialTables1764000000300, CreateStaticSecretTable1765000000100];
