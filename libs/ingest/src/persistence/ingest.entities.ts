import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The idempotency window: an event id accepted once is answered `duplicate: true` after. */
@Entity({ name: 'accepted_event' })
@Index('ix_accepted_event_accepted_at', ['acceptedAt'])
export class AcceptedEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'source_id', type: 'text' }) sourceId!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'pipeline_run_id', type: 'text' }) pipelineRunId!: string;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
}

/** HMAC signatures seen inside the replay window; each may be used once. */
@Entity({ name: 'request_signature' })
@Index('ix_request_signature_expires_at', ['expiresAt'])
export class RequestSignatureEntity {
  @PrimaryColumn({ type: 'text' }) signature!: string;
  @Column({ name: 'source_id', type: 'text' }) sourceId!: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
}

/** Read model: every event of a run as it passed over the bus. */
@Entity({ name: 'pipeline_event' })
@Index('ix_pipeline_event_run', ['pipelineRunId', 'occurredAt'])
export class PipelineEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'pipeline_run_id', type: 'text' }) pipelineRunId!: string;
  @Column({ name: 'event_key', type: 'text' }) eventKey!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text' }) subject!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'trace_id', type: 'text', nullable: true }) traceId!: string | null;
  @Column({ name: 'artifact_digest', type: 'text', nullable: true }) artifactDigest!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}
