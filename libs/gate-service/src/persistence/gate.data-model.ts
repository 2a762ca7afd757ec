import { AUDIT_MIGRATIONS } from '@tollgate/audit';
import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '@tollgate/messaging';
import { CreateGateTables1764000000700 } from './create-gate-tables.migration';

/** The policy engine's own Postgres schema: outbox and inbox, gates and evidence, waivers, the decision log (audit_entry). */
export const GATE_SCHEMA = 'policy';
export const GATE_ENTITIES = [...OUTBOX_ENTITIES];
/** Listed explicitly, in order: globs break when bundled, and order is history. */
export const GATE_MIGRATIONS = [...MESSAGING_MIGRATIONS, ...AUDIT_MIGRATIONS, CreateGateTables1764000000700];
