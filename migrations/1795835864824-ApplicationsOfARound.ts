import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApplicationsOfARound1795835864824 implements MigrationInterface {
  name = 'ApplicationsOfARound1795835864824';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_applications_round_list" ON "applications"  ("round_id", "created_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_applications_round_list"`);
  }
}
