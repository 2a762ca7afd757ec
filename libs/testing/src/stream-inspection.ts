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

/** A stored message: subject, UTF-8 payload, and its headers (first value of each). */
export interface StoredMessage {
  subject: string;
  data: string;
  headers: Record<string, string>;
}

/** The stored messages of a stream, oldest first (none when the stream does not exist). */
export async function readStreamMessages(natsUrl: string, stream: string): Promise<StoredMessage[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream).catch((error: Error) => {
      if (/not found/i.test(error.message)) return undefined;
      throw error;
    });
    const out: StoredMessage[] = [];
    for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      try {
        const msg = await jsm.streams.getMessage(stream, { seq });
        if (!msg) continue;
        const headers: Record<string, string> = {};
        for (const [key] of msg.header ?? []) headers[key] = msg.header.get(key);
        out.push({ subject: msg.subject, data: new TextDecoder().decode(msg.data), headers });
      } catch {
        // a deleted sequence leaves a gap
      }
    }
    return out;
  } finally {
    await nc.close();
  }
}

/** The stored payloads of a stream, oldest first, as UTF-8 text. */
export async function readStreamPayloads(natsUrl: string, stream: string): Promise<string[]> {
  return (await readStreamMessages(natsUrl, stream)).map((m) => m.data);
}
