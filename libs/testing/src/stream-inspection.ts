import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** Messages stored in a stream (0 when it does not exist), to assert what was or was not published. */
export async function countStreamMessages(natsUrl: string, stream: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    try {
      return (await jsm.streams.info(stream)).state.messages;
    } catch (error) {
      if ((error as { name?: string; code?: string }).name === 'StreamNotFoundError' || /not found/i.test((error as Error).message)) return 0;
      throw error;
    }
  } finally {
    await nc.close();
  }
}

/** The stored payloads of a stream, oldest first, as UTF-8 text. */
export async function readStreamPayloads(natsUrl: string, stream: string): Promise<string[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const out: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      try {
        const msg = await jsm.streams.getMessage(stream, { seq });
        if (msg) out.push(new TextDecoder().decode(msg.data));
      } catch {
        // a deleted sequence leaves a gap
      }
    }
    return out;
  } finally {
    await nc.close();
  }
}
