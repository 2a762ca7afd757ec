import { consumerConfig, streamConfig } from './jetstream-topology';

const ns = { subjectPrefix: 't_ab12cd34.', streamPrefix: 'T_AB12CD34_' };

describe(streamConfig.name, () => {
  it('prefixes name and subjects and stores on file with the declared max age and a 2-minute dedupe window', () => {
    const cfg = streamConfig({ name: 'TOLLGATE_GATE', subjects: ['tollgate.gate.>'], maxAgeDays: 400, description: 'gate' }, ns);
    expect(cfg).toMatchObject({
      name: 'T_AB12CD34_TOLLGATE_GATE',
      subjects: ['t_ab12cd34.tollgate.gate.>'],
      storage: 'file',
      retention: 'limits',
      max_age: 400 * 86_400_000 * 1_000_000,
      duplicate_window: 120_000 * 1_000_000,
    });
  });
});

describe(consumerConfig.name, () => {
  it('declares an explicit-ack durable pull consumer that never drops messages on its own', () => {
    const cfg = consumerConfig({ durable: 'broker', filterSubjects: ['tollgate.pipelinerun.>'], maxDeliver: 5, backoffMs: [1000], batchSize: 50, ackWaitMs: 10_000 }, ns);
    expect(cfg).toEqual({
      durable_name: 'broker',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      replay_policy: 'instant',
      ack_wait: 10_000 * 1_000_000,
      max_deliver: -1,
      max_ack_pending: 200,
      filter_subject: 't_ab12cd34.tollgate.pipelinerun.>',
    });
  });

  it('uses filter_subjects when a consumer listens to several subjects', () => {
    const cfg = consumerConfig({ durable: 'console', filterSubjects: ['tollgate.gate.>', 'tollgate.security.>'], maxDeliver: 5, backoffMs: [] }, ns);
    expect(cfg.filter_subjects).toEqual(['t_ab12cd34.tollgate.gate.>', 't_ab12cd34.tollgate.security.>']);
    expect(cfg.filter_subject).toBeUndefined();
  });
});
