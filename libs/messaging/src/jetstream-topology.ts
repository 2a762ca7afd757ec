import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, ReplayPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { TopologyError } from './messaging.error';
import type { ConsumerDefinition, StreamDefinition } from './messaging.types';

/** Window in which a re-published event id is stored once (Nats-Msg-Id). */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;
const DAY_MS = 86_400_000;

export interface Namespace {
  subjectPrefix: string;
  streamPrefix: string;
}

export function streamConfig(def: StreamDefinition, ns: Namespace): Partial<StreamConfig> & { name: string } {
  const maxAge = def.maxAgeDays * DAY_MS;
  return {
    name: ns.streamPrefix + def.name,
    description: def.description,
    subjects: def.subjects.map((s) => ns.subjectPrefix + s),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAge),
    // The server rejects a window longer than max_age.
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, maxAge || DUPLICATE_WINDOW_MS)),
    num_replicas: 1,
  };
}

/** Create or update each stream so the server matches the code. */
export async function ensureStreams(jsm: JetStreamManager, defs: readonly StreamDefinition[], ns: Namespace): Promise<void> {
  for (const def of defs) {
    const cfg = streamConfig(def, ns);
    try {
      const current = await jsm.streams.info(cfg.name).catch((error: unknown) => {
        if (isNotFound(error, JetStreamApiCodes.StreamNotFound)) return null;
        throw error;
      });
      if (!current) await jsm.streams.add(cfg);
      else {
        // Replica count is an operator's choice in production; keep what the server has.
        const { name: _name, storage: _storage, num_replicas: _r, ...updatable } = cfg;
        await jsm.streams.update(cfg.name, { ...updatable, num_replicas: current.config.num_replicas });
      }
    } catch (error) {
      throw new TopologyError(`cannot create or update stream ${cfg.name}: ${(error as Error).message}`, { cause: error });
    }
  }
}

export function consumerConfig(def: ConsumerDefinition, ns: Namespace): Partial<ConsumerConfig> {
  const batch = def.batchSize ?? 100;
  const filters = def.filterSubjects.map((s) => ns.subjectPrefix + s);
  return {
    durable_name: def.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(def.ackWaitMs ?? 30_000),
    // The runner counts attempts itself and dead-letters; the server must never drop on its own.
    max_deliver: -1,
    max_ack_pending: def.maxAckPending ?? Math.max(4 * batch * (def.concurrency ?? 1), 64),
    // No filter = the whole stream. Several filters need nats-server 2.10+; one works everywhere.
    ...(filters.length === 0 ? {} : filters.length === 1 ? { filter_subject: filters[0] } : { filter_subjects: filters }),
  };
}

/** Create or update a durable pull consumer; returns the (prefixed) stream it lives on. */
export async function ensureConsumer(jsm: JetStreamManager, def: ConsumerDefinition, ns: Namespace): Promise<string> {
  if (def.filterSubjects.length === 0 && !def.stream) {
    throw new TopologyError(`consumer ${def.durable} needs a filter subject or a stream to read whole`);
  }
  const cfg = consumerConfig(def, ns);
  let stream: string;
  try {
    stream = def.stream ? ns.streamPrefix + def.stream : await jsm.streams.find(ns.subjectPrefix + def.filterSubjects[0]);
  } catch (error) {
    throw new TopologyError(`no stream holds ${def.filterSubjects[0]} for consumer ${def.durable}`, { cause: error });
  }
  try {
    const exists = await jsm.consumers.info(stream, def.durable).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) return false;
        throw error;
      },
    );
    if (!exists) await jsm.consumers.add(stream, cfg);
    else {
      const { durable_name: _d, ack_policy: _a, deliver_policy: _p, replay_policy: _r, ...updatable } = cfg;
      await jsm.consumers.update(stream, def.durable, updatable);
    }
  } catch (error) {
    throw new TopologyError(`cannot create or update consumer ${def.durable} on ${stream}: ${(error as Error).message}`, { cause: error });
  }
  return stream;
}

function isNotFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && (error.code === code || error.status === 404);
}
