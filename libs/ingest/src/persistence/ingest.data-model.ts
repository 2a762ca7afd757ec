import { CreateMessagingTables1763769600000, InboxRecordEntity, OutboxMessageEntity } from '@tollgate/messaging';
import { CreateIngestTables1763769600100 } from './create-ingest-tables.migration';
import { AcceptedEventEntity, PipelineEventEntity, RequestSignatureEntity } from './ingest.entities';

/** The ingest gateway's own Postgres schema. */
export const INGEST_SCHEMA = 'ingest';
export const INGEST_ENTITIES = [AcceptedEventEntity, RequestSignatureEntity, PipelineEventEntity, OutboxMessageEntity, InboxRecordEntity];
/** Listed explicitly, in order: globs break when bundled, and order is history. */
export const INGEST_MIGRATIONS = [CreateMessagingTables1763769600000, CreateIngestTables1763769600100];
