import { InboxRecordEntity } from './inbox-record.entity';
import { CreateMessagingTables1763769600000 } from './migrations/1763769600000-create-messaging-tables';
import { OutboxMessageEntity } from './outbox-message.entity';

/** Add to the app's entity list. */
export const OUTBOX_ENTITIES = [OutboxMessageEntity, InboxRecordEntity];
/** Add to the app's migration list (explicit, no globs). */
export const MESSAGING_MIGRATIONS = [CreateMessagingTables1763769600000];
