import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxRequestsFirst1795835020893 implements MigrationInterface {
  name = 'OutboxRequestsFirst1795835020893';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_pending_requests" ON "outbox"  ("created_at") WHERE enqueued_at IS NULL AND event_type LIKE '%.requested'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_pending_requests"`);
  }
}
