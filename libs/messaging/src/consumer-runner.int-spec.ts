import { headers as natsHeaders } from '@nats-io/nats-core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { decodeEvent, type TollgateEvent } from '@tollgate/events';
import { JetStreamConsumerRunner } from './consumer-runner.service';
import { DLQ_HEADERS } from './dead-letter';
import type { ConsumerDefinition, EventHandler } from './messaging.types';
import { JetStreamPublisher } from './jetstream-publisher.service';
import { Outbox } from './outbox.service';
import { OutboxRelay } from './outbox-relay.service';
import { createMessagingFixture, recordEffect, sharedNatsUrl, testEvent, waitFor, type MessagingFixture } from './testing/messaging-test-fixture';

const baseDefinition: ConsumerDefinition = {
  durable: 'test-consumer',
  filterSubjects: ['tollgate.pipelinerun.>'],
  maxDeliver: 3,
  backoffMs: [50, 100],
  batchSize: 20,
};

describe(JetStreamConsumerRunner.name, () => {
  let fx: MessagingFixture;
  const outbox = new Outbox();
  let relay: OutboxRelay;
  const runners: JetStreamConsumerRunner[] = [];

  beforeEach(async () => {
    fx = await createMessagingFixture(sharedNatsUrl());
    relay = new OutboxRelay(fx.db.dataSource, fx.connection, { logger: fx.logger });
    relay.start();
  });

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await relay.stop();
    await fx.close();
  });

  async function startRunner(handler: EventHandler, definition: Partial<ConsumerDefinition> = {}, isPermanent?: (error: unknown) => boolean): Promise<JetStreamConsumerRunner> {
    const runner = new JetStreamConsumerRunner({
      connection: fx.connection,
      dataSource: fx.db.dataSource,
      definition: { ...baseDefinition, ...definition },
      handler,
      logger: fx.logger,
      isPermanent,
    });
    await runner.start();
    runners.push(runner);
    return runner;
  }

  async function emit(events: TollgateEvent[]): Promise<void> {
    await fx.db.dataSource.transaction((manager) => outbox.addMany(manager, events));
  }

  async function consumerState(durable = baseDefinition.durable): Promise<{ pending: number; ackPending: number }> {
    const info = await fx.connection.jsm.consumers.info(fx.connection.streamName('TOLLGATE_PIPELINE'), durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  async function deadLetters(durable = baseDefinition.durable) {
    const stream = fx.connection.streamName('TOLLGATE_DLQ');
    const info = await fx.connection.jsm.streams.info(stream).catch(() => null);
    const out = [];
    for (let seq = 1; info && seq <= info.state.last_seq; seq++) {
      const m = await fx.connection.jsm.streams.getMessage(stream, { seq });
      if (m && m.subject === `${fx.subjectPrefix}tollgate.dlq.${durable}`) out.push(m);
    }
    return out;
  }

  const settled = async () => {
    const s = await consumerState();
    return s.pending === 0 && s.ackPending === 0;
  };

  describe('batchHandler', () => {
    it('writes a whole batch in one call, each effect once, and isolates a failing event by retrying one by one', async () => {
      const poison = testEvent({ run: 'run-poison' });
      const events = [...Array.from({ length: 15 }, () => testEvent()), poison];
      const calls: number[] = [];
      const runner = new JetStreamConsumerRunner({
        connection: fx.connection,
        dataSource: fx.db.dataSource,
        definition: { ...baseDefinition, durable: 'batch-consumer', batchSize: 50 },
        logger: fx.logger,
        batchHandler: async (batch, { manager }) => {
          calls.push(batch.length);
          if (batch.some((e) => e.id === poison.id)) throw new Error('cannot project run-poison');
          await manager.query(`INSERT INTO test_effect (event_id, note) SELECT unnest($1::text[]), 'batched'`, [batch.map((e) => e.id)]);
        },
      });
      runners.push(runner);
      await emit(events);
      await runner.start();
      await waitFor('15 effects and the poison dead-lettered', async () => (await fx.effects()).size === 15 && (await deadLetters('batch-consumer')).length === 1);
      const effects = await fx.effects();
      expect([...effects.values()].every((n) => n === 1)).toBe(true);
      expect(effects.has(poison.id)).toBe(false);
      // The first call saw more than one event: the batch really was handled together.
      expect(Math.max(...calls)).toBeGreaterThan(1);
    });

    it("gives each event of a batch a span in its producer's trace, also when tracing starts after the runner", async () => {
      const exporter = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      const runner = new JetStreamConsumerRunner({
        connection: fx.connection,
        dataSource: fx.db.dataSource,
        definition: { ...baseDefinition, durable: 'traced-batch-consumer', batchSize: 50 },
        logger: fx.logger,
        batchHandler: async (batch, { manager }) => {
          await manager.query(`INSERT INTO test_effect (event_id, note) SELECT unnest($1::text[]), 'batched'`, [batch.map((e) => e.id)]);
        },
      });
      runners.push(runner);
      try {
        // Untraced first: no provider, so no span anywhere.
        const untraced = testEvent();
        await emit([untraced]);
        await runner.start();
        await waitFor('untraced effect', async () => (await fx.effects()).get(untraced.id) === 1);
        trace.setGlobalTracerProvider(provider);
        const traces = ['0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736'];
        const events = traces.map((t) => testEvent({ traceparent: `00-${t}-b7ad6b7169203331-01` }));
        await emit(events);
        await waitFor('traced effects', async () => (await fx.effects()).size === 3);
        const spans = exporter.getFinishedSpans().filter((s) => s.name === 'process tollgate.pipelinerun.started');
        expect(spans.map((s) => s.spanContext().traceId).sort()).toEqual([...traces].sort());
        expect(spans.map((s) => s.attributes['messaging.message.id']).sort()).toEqual(events.map((e) => e.id).sort());
        expect(spans.every((s) => s.attributes['messaging.consumer.group.name'] === 'traced-batch-consumer')).toBe(true);
      } finally {
        trace.disable();
        propagation.disable();
        await provider.shutdown();
      }
    });

    it('refuses a runner with both or neither handler', () => {
      const common = { connection: fx.connection, dataSource: fx.db.dataSource, definition: baseDefinition };
      expect(() => new JetStreamConsumerRunner(common)).toThrow('give exactly one of handler or batchHandler');
      expect(() => new JetStreamConsumerRunner({ ...common, handler: async () => undefined, batchHandler: async () => undefined })).toThrow(
        'give exactly one of handler or batchHandler',
      );
    });
  });

  describe('#start', () => {
    it('hands an event written through the outbox to its handler once and commits one effect', async () => {
      const seen: TollgateEvent[] = [];
      await startRunner(async (event, ctx) => {
        seen.push(event);
        await recordEffect(ctx.manager, event);
      });
      const event = testEvent();
      await emit([event]);
      await waitFor('effect', async () => (await fx.effects()).get(event.id) === 1);
      await waitFor('ack', settled);
      expect(seen.map((e) => e.id)).toEqual([event.id]);
      expect(await fx.effects()).toEqual(new Map([[event.id, 1]]));
    });

    it('commits a batch and, when one message in it fails, handles the others once each', async () => {
      const events = Array.from({ length: 12 }, () => testEvent());
      const bad = events[5].id;
      await emit(events);
      await startRunner(async (event, ctx) => {
        await recordEffect(ctx.manager, event);
        if (event.id === bad) throw new Error('cannot handle this one');
      });
      await waitFor('every good effect', async () => (await fx.effects()).size === 11);
      await waitFor('bad message dead-lettered', async () => (await deadLetters()).length === 1);
      await waitFor('consumer settled', settled);
      const effects = await fx.effects();
      expect(effects.has(bad)).toBe(false);
      for (const e of events) if (e.id !== bad) expect(effects.get(e.id)).toBe(1);
    });

    it('gives every event exactly one effect when batches run concurrently', async () => {
      const events = Array.from({ length: 300 }, () => testEvent());
      await emit(events);
      await startRunner((event, ctx) => recordEffect(ctx.manager, event), { batchSize: 10, concurrency: 4 });
      await waitFor('every effect', async () => (await fx.effects()).size === events.length);
      await waitFor('consumer settled', settled);
      const effects = await fx.effects();
      expect([...effects.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(effects.keys())).toEqual(new Set(events.map((e) => e.id)));
    });

    it('dead-letters undecodable bytes at once and does not call the handler', async () => {
      const calls: string[] = [];
      await startRunner(async (event) => {
        calls.push(event.id);
      });
      const h = natsHeaders();
      h.set('x-origin', 'raw-test');
      await fx.connection.js.publish(fx.connection.subject('tollgate.pipelinerun.started'), new TextEncoder().encode('{not json'), { headers: h });
      await waitFor('dead letter', async () => (await deadLetters()).length === 1);
      await waitFor('terminated', settled);
      const [dl] = await deadLetters();
      expect(new TextDecoder().decode(dl.data)).toBe('{not json');
      expect(dl.header.get(DLQ_HEADERS.error)).toContain('invalid event');
      expect(dl.header.get(DLQ_HEADERS.deliveryCount)).toBe('1');
      expect(dl.header.get(DLQ_HEADERS.originalSubject)).toBe('tollgate.pipelinerun.started');
      expect(dl.header.get(DLQ_HEADERS.consumer)).toBe(baseDefinition.durable);
      expect(dl.header.get('x-origin')).toBe('raw-test');
      expect(calls).toEqual([]);
    });

    it('dead-letters after maxDeliver failed attempts with the error, count and original headers, then stops', async () => {
      const doomed = testEvent();
      const attempts: number[] = [];
      await startRunner(async (event, ctx) => {
        if (event.id !== doomed.id) return recordEffect(ctx.manager, event);
        attempts.push(ctx.deliveryCount);
        throw new Error('downstream refused: password=hunter2');
      });
      await new JetStreamPublisher(fx.connection).publish(doomed, { 'x-origin': 'publisher-test' });
      await waitFor('dead letter', async () => (await deadLetters()).length === 1);
      await waitFor('terminated', settled);
      const [dl] = await deadLetters();
      expect(attempts).toEqual([1, 2, 3]);
      expect(decodeEvent(dl.data).id).toBe(doomed.id);
      expect(dl.header.get(DLQ_HEADERS.error)).toBe('Error: downstream refused: password=***');
      expect(dl.header.get(DLQ_HEADERS.deliveryCount)).toBe('3');
      expect(dl.header.get(DLQ_HEADERS.streamSeq)).toBe('1');
      expect(dl.header.get(DLQ_HEADERS.originalSubject)).toBe('tollgate.pipelinerun.started');
      expect(dl.header.get('x-origin')).toBe('publisher-test');
      // Nothing is left for redelivery, and the consumer goes on with later events.
      const later = testEvent();
      await emit([later]);
      await waitFor('later effect', async () => (await fx.effects()).get(later.id) === 1);
      await waitFor('settled again', settled);
      expect(attempts).toEqual([1, 2, 3]);
      expect((await deadLetters()).length).toBe(1);
    });

    it('dead-letters a permanent failure on its first delivery, and still retries a transient one', async () => {
      class MalformedInputError extends Error {}
      const malformed = testEvent();
      const flaky = testEvent();
      const attempts: Record<string, number[]> = { [malformed.id]: [], [flaky.id]: [] };
      await startRunner(
        async (event, ctx) => {
          attempts[event.id]?.push(ctx.deliveryCount);
          if (event.id === malformed.id) throw new MalformedInputError('package-lock.json:3:7: expected a string');
          if (event.id === flaky.id && ctx.deliveryCount === 1) throw new Error('registry answered 503');
          return recordEffect(ctx.manager, event);
        },
        { batchSize: 1 },
        (error) => error instanceof MalformedInputError,
      );
      await emit([malformed, flaky]);
      await waitFor('dead letter', async () => (await deadLetters()).length === 1);
      await waitFor('flaky effect', async () => (await fx.effects()).get(flaky.id) === 1);
      await waitFor('terminated', settled);
      const [dl] = await deadLetters();
      expect(decodeEvent(dl.data).id).toBe(malformed.id);
      expect(dl.header.get(DLQ_HEADERS.error)).toBe('permanent: Error: package-lock.json:3:7: expected a string');
      expect(dl.header.get(DLQ_HEADERS.deliveryCount)).toBe('1');
      expect(attempts).toEqual({ [malformed.id]: [1], [flaky.id]: [1, 2] });
      expect((await fx.effects()).has(malformed.id)).toBe(false);
    });

    it("runs the handler inside the producer's trace", async () => {
      const exporter = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
      const contextManager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(contextManager);
      trace.setGlobalTracerProvider(provider);
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      try {
        const seen: string[] = [];
        await startRunner(async (event, ctx) => {
          seen.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
          await recordEffect(ctx.manager, event);
        });
        const event = testEvent();
        const producerTraceId = await provider.getTracer('test').startActiveSpan('produce', async (span) => {
          await emit([event]);
          span.end();
          return span.spanContext().traceId;
        });
        await waitFor('effect', async () => (await fx.effects()).get(event.id) === 1);
        expect(seen).toEqual([producerTraceId]);
        const consumerSpan = exporter.getFinishedSpans().find((s) => s.name === 'process tollgate.pipelinerun.started');
        expect(consumerSpan?.spanContext().traceId).toBe(producerTraceId);
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
        await provider.shutdown();
      }
    });
  });
});
