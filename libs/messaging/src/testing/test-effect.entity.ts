import { Column, Entity, PrimaryGeneratedColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A handler's effect in tests; deliberately no unique key, so a second effect would show. */
@Entity({ name: 'test_effect' })
export class TestEffectEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  note!: string;
}

export class CreateTestEffect1763769700000 implements MigrationInterface {
  name = 'CreateTestEffect1763769700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE test_effect (id serial PRIMARY KEY, event_id text NOT NULL, note text NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE test_effect`);
  }
}
