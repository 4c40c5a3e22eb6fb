import { MigrationInterface, QueryRunner } from 'typeorm';

export class RoundsAndApplications1795821308540 implements MigrationInterface {
  name = 'RoundsAndApplications1795821308540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "application_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "side" character varying(2) NOT NULL, "city_id" uuid NOT NULL, "user_id" uuid NOT NULL, "content_hash" character(64) NOT NULL, "signed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cf83f5d719e00b8af8e88e38d7f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_application_signatures_side" ON "application_signatures"  ("application_id", "side") `,
    );
    await queryRunner.query(
      `CREATE TABLE "application_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "from" character varying(20), "to" character varying(20) NOT NULL, "action" character varying(30) NOT NULL, "actor_id" uuid, "message" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a1f85eaa056bfd4d3613e4adc9d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_application_transitions_application" ON "application_transitions"  ("application_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "round_budgets" ("round_id" uuid NOT NULL, "currency" character varying(3) NOT NULL, "amount_minor" bigint NOT NULL, "max_award_minor" bigint NOT NULL, "committed_minor" bigint NOT NULL DEFAULT '0', "disbursed_minor" bigint NOT NULL DEFAULT '0', CONSTRAINT "ck_round_budgets_max_award" CHECK ("max_award_minor" > 0 AND "max_award_minor" <= "amount_minor"), CONSTRAINT "ck_round_budgets_disbursed" CHECK ("disbursed_minor" >= 0 AND "disbursed_minor" <= "committed_minor"), CONSTRAINT "ck_round_budgets_committed" CHECK ("committed_minor" >= 0 AND "committed_minor" <= "amount_minor"), CONSTRAINT "PK_48b27c8ddd2c052d0f17577e487" PRIMARY KEY ("round_id", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "title" jsonb NOT NULL, "opens_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "rubric" jsonb NOT NULL DEFAULT '[]', "reviewers_per_application" integer NOT NULL DEFAULT '3', "tranche_schedule" jsonb NOT NULL DEFAULT '[]', "reports_required" jsonb NOT NULL DEFAULT '[]', "status" character varying(20) NOT NULL DEFAULT 'draft', "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d254884a20817016e2f877c7e7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_rounds_code" ON "rounds"  ("code") `);
    await queryRunner.query(`CREATE INDEX "ix_rounds_status" ON "rounds"  ("status", "opens_at") `);
    await queryRunner.query(
      `CREATE TABLE "applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "partnership_id" uuid NOT NULL, "jp_city_id" uuid NOT NULL, "us_city_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'draft', "title" jsonb NOT NULL, "summary" jsonb NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "budget_lines" jsonb NOT NULL DEFAULT '[]', "content_hash" character(64) NOT NULL, "created_by" uuid NOT NULL, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_us_city" ON "applications"  ("us_city_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_jp_city" ON "applications"  ("jp_city_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_partnership" ON "applications"  ("partnership_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_status" ON "applications"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_round" ON "applications"  ("round_id", "status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_applications_list" ON "applications"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_applications_live" ON "applications"  ("round_id", "partnership_id") WHERE status <> 'withdrawn'`,
    );
    await queryRunner.query(
      `ALTER TABLE "application_signatures" ADD CONSTRAINT "FK_33587f0e7f32bfe4b8c038c859a" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_budgets" ADD CONSTRAINT "FK_30af056fba61bb24f925b3385bf" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_fb113ea20f0046ad3891abb0bcd" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "FK_d7c13544956fa84f20159151354" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "applications" DROP CONSTRAINT "FK_d7c13544956fa84f20159151354"`,
    );
    await queryRunner.query(
      `ALTER TABLE "applications" DROP CONSTRAINT "FK_fb113ea20f0046ad3891abb0bcd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_budgets" DROP CONSTRAINT "FK_30af056fba61bb24f925b3385bf"`,
    );
    await queryRunner.query(
      `ALTER TABLE "application_signatures" DROP CONSTRAINT "FK_33587f0e7f32bfe4b8c038c859a"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ux_applications_live"`);
    await queryRunner.query(`DROP INDEX "public"."ix_applications_list"`);
    await queryRunner.query(`DROP INDEX "public"."ix_applications_round"`);
    await queryRunner.query(`DROP INDEX "public"."ix_applications_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_applications_partnership"`);
    await queryRunner.query(`DROP INDEX "public"."ix_applications_jp_city"`);
    await queryRunner.query(`DROP INDEX "public"."ix_applications_us_city"`);
    await queryRunner.query(`DROP TABLE "applications"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rounds_status"`);
    await queryRunner.query(`DROP INDEX "public"."ux_rounds_code"`);
    await queryRunner.query(`DROP TABLE "rounds"`);
    await queryRunner.query(`DROP TABLE "round_budgets"`);
    await queryRunner.query(`DROP INDEX "public"."ix_application_transitions_application"`);
    await queryRunner.query(`DROP TABLE "application_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."ux_application_signatures_side"`);
    await queryRunner.query(`DROP TABLE "application_signatures"`);
  }
}
