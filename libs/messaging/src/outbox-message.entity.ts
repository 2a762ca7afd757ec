import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An event waiting to be relayed to JetStream; written in the producer's transaction. */
@Entity({ name: 'outbox_message' })
@Unique('outbox_message_event_id_key', ['eventId'])
@Index('outbox_message_unpublished_idx', ['seq'], { where: 'published_at IS NULL' })
export class OutboxMessageEntity {
  /** Relay order; bigint comes back from pg as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  /** Subject without the namespace prefix; the relay adds it. */
  @Column({ type: 'text' })
  subject!: string;

  /**
   * The encoded event (UTF-8 JSON), published as is. Text rather than bytea:
   * bytea travels hex-encoded, twice the bytes to write and read per event.
   */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;
}
