import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer has handled; committed with the handler's effects. */
@Entity({ name: 'inbox_record' })
export class InboxRecordEntity {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'handled_at', type: 'timestamptz', default: () => 'now()' })
  handledAt!: Date;
}
