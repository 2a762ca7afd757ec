import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** Deletes every stream whose name starts with `streamPrefix`; returns their names. */
export async function deleteStreamsWithPrefix(url: string, streamPrefix: string): Promise<string[]> {
  if (!streamPrefix) throw new Error('refusing to delete streams with an empty prefix');
  const nc = await connect({ servers: url, name: 'tollgate-test-cleanup' });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(streamPrefix)) names.push(name);
    for (const name of names) await jsm.streams.delete(name);
    return names;
  } finally {
    await nc.close();
  }
}
