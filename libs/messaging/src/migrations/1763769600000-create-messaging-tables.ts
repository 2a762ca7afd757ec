import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox and inbox tables, unqualified so they land in the app's schema (search_path). */
export class CreateMessagingTables1763769600000 implements MigrationInterface {
  name = 'CreateMessagingTables1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_message (
        seq bigserial PRIMARY KEY,
        event_id text NOT NULL,
        subject text NOT NULL,
        payload text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        attempts int NOT NULL DEFAULT 0,
        CONSTRAINT outbox_message_event_id_key UNIQUE (event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_message_unpublished_idx ON outbox_message (seq) WHERE published_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE inbox_record (
        consumer text NOT NULL,
        event_id text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbox_record_pkey PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox_record`);
    await queryRunner.query(`DROP TABLE outbox_message`);
  }
}
