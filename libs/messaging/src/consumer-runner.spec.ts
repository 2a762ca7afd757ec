import type { DataSource } from 'typeorm';
import { JetStreamConsumerRunner } from './consumer-runner.service';
import type { JetStreamConnection } from './jetstream-connection.service';
import type { ConsumerDefinition } from './messaging.types';

function runner(definition: Partial<ConsumerDefinition>): JetStreamConsumerRunner {
  return new JetStreamConsumerRunner({
    // Construction validates the definition only; nothing is contacted.
    connection: {} as JetStreamConnection,
    dataSource: {} as DataSource,
    definition: { durable: 'broker', filterSubjects: ['tollgate.pipelinerun.>'], maxDeliver: 5, backoffMs: [1000], ...definition },
    handler: () => Promise.resolve(),
  });
}

describe(JetStreamConsumerRunner.name, () => {
  describe('constructor', () => {
    it('rejects a durable name that cannot be a dead-letter subject token', () => {
      expect(() => runner({ durable: 'credential.broker' })).toThrow('consumer name must match');
    });

    it('rejects maxDeliver below 1', () => {
      expect(() => runner({ maxDeliver: 0 })).toThrow('maxDeliver must be at least 1');
    });

    it('accepts a valid definition', () => {
      expect(runner({}).durable).toBe('broker');
    });
  });
});
