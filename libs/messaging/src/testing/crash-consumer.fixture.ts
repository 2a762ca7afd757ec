// Child process for crash tests: runs one consumer and dies at a chosen point.
//   CRASH_MODE=in-handler    exits after the handler wrote its effect, before commit
//   CRASH_MODE=after-commit  exits right after the commit, before the ack
import 'reflect-metadata';
import { createDataSource } from '@tollgate/persistence';
import { JetStreamConnection } from '../jetstream-connection.service';
import { JetStreamConsumerRunner } from '../consumer-runner.service';
import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from '../messaging.schema';
import type { ConsumerDefinition } from '../messaging.types';
import { recordEffect, recordingLogger } from './messaging-test-fixture';
import { TestEffectEntity } from './test-effect.entity';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (value === undefined) throw new Error(`${name} is required`);
    return value;
  };
  const mode = env('CRASH_MODE');
  const definition = JSON.parse(env('CRASH_CONSUMER')) as ConsumerDefinition;
  const dataSource = createDataSource({
    url: env('CRASH_DB_URL'),
    schema: env('CRASH_DB_SCHEMA'),
    entities: [...OUTBOX_ENTITIES, TestEffectEntity],
    migrations: MESSAGING_MIGRATIONS,
  });
  await dataSource.initialize();
  let handled = false;
  dataSource.subscribers.push({
    afterTransactionCommit: () => {
      if (mode === 'after-commit' && handled) process.exit(0);
    },
  });
  const connection = await JetStreamConnection.connect({
    servers: env('CRASH_NATS_URL'),
    name: 'crash-consumer',
    subjectPrefix: env('CRASH_SUBJECT_PREFIX'),
    streamPrefix: env('CRASH_STREAM_PREFIX'),
  });
  const runner = new JetStreamConsumerRunner({
    connection,
    dataSource,
    definition,
    logger: recordingLogger(),
    handler: async (event, ctx) => {
      await recordEffect(ctx.manager, event, 'child');
      handled = true;
      if (mode === 'in-handler') process.exit(3);
    },
  });
  await runner.start();
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
