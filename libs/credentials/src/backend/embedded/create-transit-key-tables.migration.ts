import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transit-style signing keys of the embedded backend; private keys are stored sealed with the KEK only. */
export class CreateTransitKeyTables1764000000200 implements MigrationInterface {
  name = 'CreateTransitKeyTables1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE transit_key (
      name text CONSTRAINT pk_transit_key PRIMARY KEY,
      type text NOT NULL CONSTRAINT ck_transit_key_type CHECK (type IN ('ecdsa-p256', 'ed25519')),
      latest_version int NOT NULL CONSTRAINT ck_transit_key_latest_version CHECK (latest_version >= 1),
      min_decryption_version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_transit_key_min_decryption_version CHECK (min_decryption_version BETWEEN 1 AND latest_version))`);
    await q.query(`CREATE TABLE transit_key_version (
      name text NOT NULL CONSTRAINT fk_transit_key_version_key REFERENCES transit_key (name),
      version int NOT NULL CONSTRAINT ck_transit_key_version_version CHECK (version >= 1),
      public_key_pem text NOT NULL,
      private_key_sealed bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_transit_key_version PRIMARY KEY (name, version))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE transit_key_version');
    await q.query('DROP TABLE transit_key');
  }
}
