export { OutboxMessageEntity } from './outbox-message.entity';
export { InboxRecordEntity } from './inbox-record.entity';
export { CreateMessagingTables1763769600000 } from './migrations/1763769600000-create-messaging-tables';
export { OUTBOX_ENTITIES, MESSAGING_MIGRATIONS } from './messaging.schema';
export type {
  ConsumerDefinition,
  EventHandler,
  BatchEventHandler,
  BatchHandlerContext,
  HandlerContext,
  MessagingLogger,
  StreamDefinition,
} from './messaging.types';
export { Outbox } from './outbox.service';
export { OutboxRelay, RelayPublishError, type OutboxRelayOptions } from './outbox-relay.service';
export { pruneInbox } from './inbox.repository';
export {
  JetStreamConnection,
  type ConnectionState,
  type JetStreamConnectionOptions,
} from './jetstream-connection.service';
export { DUPLICATE_WINDOW_MS } from './jetstream-topology';
export { JetStreamPublisher, type PublishResult } from './jetstream-publisher.service';
export { JetStreamConsumerRunner, type ConsumerRunnerOptions } from './consumer-runner.service';
export { DLQ_HEADERS, sanitizeError } from './dead-letter';
export { DuplicateOutboxEventError, TopologyError } from './messaging.error';
export { captureTraceHeaders } from './trace-headers';
export { JetStreamEventPattern, JetStreamTransport, type JetStreamHandlerExtras, type JetStreamTransportOptions } from './jetstream.transport';
export {
  JETSTREAM_MODULE_OPTIONS,
  JetStreamLifecycle,
  JetStreamModule,
  createJetStreamTransport,
  type JetStreamModuleOptions,
} from './jetstream.module';
export { ServiceBus, openServiceStores, type ServiceReadiness } from './service-bus';
