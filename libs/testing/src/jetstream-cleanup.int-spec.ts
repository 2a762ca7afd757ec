import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { deleteStreamsWithPrefix } from './jetstream-cleanup';
import { sharedNatsUrl, uniqueName } from './test-infra';

describe(deleteStreamsWithPrefix.name, () => {
  it('deletes only the streams with the prefix', async () => {
    const prefix = uniqueName('C').toUpperCase();
    const other = uniqueName('D').toUpperCase();
    const nc = await connect({ servers: sharedNatsUrl() });
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.add({ name: `${prefix}_A`, subjects: [`${prefix}.a`] });
      await jsm.streams.add({ name: `${prefix}_B`, subjects: [`${prefix}.b`] });
      await jsm.streams.add({ name: `${other}_A`, subjects: [`${other}.a`] });
      expect((await deleteStreamsWithPrefix(sharedNatsUrl(), `${prefix}_`)).sort()).toEqual([`${prefix}_A`, `${prefix}_B`]);
      const left: string[] = [];
      for await (const name of jsm.streams.names()) left.push(name);
      expect(left).toContain(`${other}_A`);
      expect(left.filter((n) => n.startsWith(prefix))).toEqual([]);
    } finally {
      await jsm.streams.delete(`${other}_A`).catch(() => false);
      await nc.close();
    }
  });

  it('refuses an empty prefix', async () => {
    await expect(deleteStreamsWithPrefix(sharedNatsUrl(), '')).rejects.toThrow('empty prefix');
  });
});
