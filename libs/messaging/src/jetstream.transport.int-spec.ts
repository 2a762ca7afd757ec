import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { buildEvent, EVENT_STREAMS, type TollgateEvent } from '@tollgate/events';
import { JetStreamModule, createJetStreamTransport } from './jetstream.module';
import { JetStreamConnection } from './jetstream-connection.service';
import { JetStreamEventPattern, JetStreamTransport } from './jetstream.transport';
import type { HandlerContext } from './messaging.types';
import { Outbox } from './outbox.service';
import { createMessagingFixture, recordEffect, sharedNatsUrl, testEvent, waitFor, type MessagingFixture } from './testing/messaging-test-fixture';

@Controller()
class PipelineController {
  @JetStreamEventPattern('tollgate.pipelinerun.>', { durable: 'nest-pipeline', maxDeliver: 3, backoffMs: [50] })
  async onPipelineRun(@Payload() event: TollgateEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    await recordEffect(ctx.manager, event, 'nest');
    // A follow-up event, committed with the effect and relayed after commit.
    await ctx.outbox.add(
      ctx.manager,
      buildEvent('taskrun.started', {
        id: `${event.id}-task`,
        source: '/tollgate/test',
        subjectId: `${event.subject}-task`,
        pipelineRunId: event.pipelinerunid,
        content: { taskName: 'scan', uri: 'https://jenkins.example.internal/job/payments/1/scan', pipelineRun: { id: event.subject } },
      }),
    );
  }

  @JetStreamEventPattern('tollgate.taskrun.>', { durable: 'nest-taskrun', maxDeliver: 3, backoffMs: [50] })
  async onTaskRun(@Payload() event: TollgateEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    await recordEffect(ctx.manager, event, 'nest-task');
  }
}

describe(JetStreamTransport.name, () => {
  let fx: MessagingFixture;

  beforeEach(async () => {
    fx = await createMessagingFixture(sharedNatsUrl());
  });

  afterEach(async () => {
    await fx.close();
  });

  async function startApp(dataSource: DataSource) {
    @Module({
      imports: [
        JetStreamModule.forRootAsync({
          useFactory: () => ({
            servers: fx.natsUrl,
            name: 'nest-test',
            dataSource,
            streams: EVENT_STREAMS,
            subjectPrefix: fx.subjectPrefix,
            streamPrefix: fx.streamPrefix,
            logger: fx.logger,
            relay: { pollMs: 100 },
          }),
        }),
      ],
      controllers: [PipelineController],
    })
    class AppModule {}

    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: createJetStreamTransport(moduleRef) });
    await app.listen();
    return { app, moduleRef };
  }

  it('runs @EventPattern handlers as durable consumers with (event, HandlerContext) and relays their outbox', async () => {
    const { app, moduleRef } = await startApp(fx.db.dataSource);
    try {
      const event = testEvent();
      await fx.db.dataSource.transaction((manager) => moduleRef.get(Outbox).add(manager, event));
      await waitFor('both effects', async () => {
        const effects = await fx.effects();
        return effects.get(event.id) === 1 && effects.get(`${event.id}-task`) === 1;
      });
      const connection = moduleRef.get(JetStreamConnection);
      expect(connection.isConnected()).toBe(true);
      const consumer = await connection.jsm.consumers.info(connection.streamName('TOLLGATE_PIPELINE'), 'nest-pipeline');
      expect(consumer.config.filter_subject).toBe(`${fx.subjectPrefix}tollgate.pipelinerun.>`);
    } finally {
      await app.close();
    }
    expect(moduleRef.get(JetStreamConnection).status()).toBe('closed');
  });
});
