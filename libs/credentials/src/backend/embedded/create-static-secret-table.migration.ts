import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Static (KV) secrets of the embedded backend: values are stored sealed with the KEK only. */
export class CreateStaticSecretTable1765000000100 implements MigrationInterface {
  name = 'CreateStaticSecretTable1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE static_secret (
      path text CONSTRAINT pk_static_secret PRIMARY KEY,
      version int NOT NULL CONSTRAINT ck_static_secret_version CHECK (version >= 1),
      fields text[] NOT NULL,
      value_sealed bytea NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE static_secret');
  }
}
