import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { ensureConsumer, ensureStreams, type Namespace } from './jetstream-topology';
import { stderrLogger } from './messaging.logger';
import type { ConsumerDefinition, MessagingLogger, StreamDefinition } from './messaging.types';

export interface JetStreamConnectionOptions {
  servers: string | string[];
  /** Client name shown by the server (the app's name). */
  name: string;
  /** Prepended to every subject (tests: a unique `t1a2b.`; production: empty). */
  subjectPrefix?: string;
  /** Prepended to every stream name (tests only). */
  streamPrefix?: string;
  /** JetStream API and publish-ack timeout (default 5 s). */
  timeoutMs?: number;
  logger?: MessagingLogger;
}

export type ConnectionState = 'connected' | 'reconnecting' | 'draining' | 'closed';

/**
 * One NATS connection per process. It reconnects forever (acknowledged work
 * lives in JetStream and Postgres, so a NATS restart only pauses us) and owns
 * the namespace every subject and stream name goes through.
 */
export class JetStreamConnection {
  readonly js: JetStreamClient;
  private state: ConnectionState = 'connected';

  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly namespace: Namespace,
    private readonly logger: MessagingLogger,
  ) {
    this.js = jsm.jetstream();
    void this.watchStatus();
  }

  static async connect(options: JetStreamConnectionOptions): Promise<JetStreamConnection> {
    const timeout = options.timeoutMs ?? 5000;
    const nc = await connect({
      servers: options.servers,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      timeout,
      // Otherwise every request (each JetStream publish) captures two stack traces up front.
      noAsyncTraces: true,
    });
    const jsm = await jetstreamManager(nc, { timeout });
    return new JetStreamConnection(
      nc,
      jsm,
      { subjectPrefix: options.subjectPrefix ?? '', streamPrefix: options.streamPrefix ?? '' },
      options.logger ?? stderrLogger,
    );
  }

  /** A client with another ack timeout (e.g. the relay's). */
  client(timeoutMs: number): JetStreamClient {
    return jetstream(this.nc, { timeout: timeoutMs });
  }

  /** Subject as sent on the wire. */
  subject(subject: string): string {
    return this.namespace.subjectPrefix + subject;
  }

  /** Subject as declared in code (prefix removed). */
  logicalSubject(wireSubject: string): string {
    const prefix = this.namespace.subjectPrefix;
    return prefix && wireSubject.startsWith(prefix) ? wireSubject.slice(prefix.length) : wireSubject;
  }

  streamName(name: string): string {
    return this.namespace.streamPrefix + name;
  }

  ensureStreams(defs: readonly StreamDefinition[]): Promise<void> {
    return ensureStreams(this.jsm, defs, this.namespace);
  }

  /** Creates or updates the durable consumer; returns its (prefixed) stream. */
  ensureConsumer(def: ConsumerDefinition): Promise<string> {
    return ensureConsumer(this.jsm, def, this.namespace);
  }

  /** For readiness probes. */
  isConnected(): boolean {
    return this.state === 'connected';
  }

  status(): ConnectionState {
    return this.state;
  }

  /** Sends everything buffered (acks included) and closes. */
  async drain(): Promise<void> {
    if (this.nc.isClosed() || this.nc.isDraining()) return this.nc.closed().then(() => undefined);
    this.state = 'draining';
    await this.nc.drain();
  }

  private async watchStatus(): Promise<void> {
    void this.nc.closed().then(() => (this.state = 'closed'));
    for await (const s of this.nc.status()) {
      switch (s.type) {
        case 'disconnect':
        case 'reconnecting':
          if (this.state === 'connected') this.logger.warn({ server: this.nc.getServer() }, 'nats disconnected; reconnecting');
          if (this.state !== 'draining') this.state = 'reconnecting';
          break;
        case 'reconnect':
          if (this.state !== 'draining') this.state = 'connected';
          this.logger.info({ server: s.server }, 'nats reconnected');
          break;
        case 'close':
          this.state = 'closed';
          break;
        case 'error':
          this.logger.warn({ err: s.error.message }, 'nats server error');
          break;
        case 'update':
        case 'ldm':
        case 'ping':
        case 'staleConnection':
        case 'slowConsumer':
        case 'forceReconnect':
          break;
      }
    }
  }
}
