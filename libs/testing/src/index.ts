export { startNatsServer, type NatsServerHandle } from './nats-server';
export { sharedNatsUrl, testDatabaseUrl, uniqueName } from './test-infra';
export { createTestDataSource, type TestDataSource } from './test-data-source';
export { deleteStreamsWithPrefix } from './jetstream-cleanup';
export { startTestIssuer, type TestIssuer } from './jwks';
export { countStreamMessages, readStreamPayloads } from './stream-inspection';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
