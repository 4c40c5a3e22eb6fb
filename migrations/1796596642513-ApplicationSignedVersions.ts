import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApplicationSignedVersions1796596642513 implements MigrationInterface {
  name = 'ApplicationSignedVersions1796596642513';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "application_signed_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "side" character varying(2) NOT NULL, "city_id" uuid NOT NULL, "user_id" uuid NOT NULL, "content_hash" character(64) NOT NULL, "content" jsonb NOT NULL, "signed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e67c82369bda71b8209f9cb9571" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_application_signed_versions_application" ON "application_signed_versions"  ("application_id", "signed_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "application_signed_versions" ADD CONSTRAINT "FK_90c24e35f2796c9aa8084fe3190" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "application_signed_versions" DROP CONSTRAINT "FK_90c24e35f2796c9aa8084fe3190"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_application_signed_versions_application"`);
    await queryRunner.query(`DROP TABLE "application_signed_versions"`);
  }
}
