import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewsAndAwards1795821511553 implements MigrationInterface {
  name = 'ReviewsAndAwards1795821511553';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "application_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "outcome" character varying(20) NOT NULL, "rationale" text NOT NULL, "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_46be316ea762306a2322ba57be4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_application_decisions_application" ON "application_decisions"  ("application_id", "decided_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "award_lines" ("award_id" uuid NOT NULL, "side" character varying(2) NOT NULL, "currency" character varying(3) NOT NULL, "amount_minor" bigint NOT NULL, CONSTRAINT "ck_award_lines_amount" CHECK ("amount_minor" > 0), CONSTRAINT "PK_f04424a5a6a4dff9a6a5e32680f" PRIMARY KEY ("award_id", "side", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "awards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "round_id" uuid NOT NULL, "partnership_id" uuid NOT NULL, "jp_city_id" uuid NOT NULL, "us_city_id" uuid NOT NULL, "fx_rate_jpy_per_usd" numeric(24,10), "fx_rate_effective_on" date, "usd_total_minor" bigint, "decided_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc3f6adc548ff46c76c03e06377" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_awards_application" ON "awards"  ("application_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_awards_us_city" ON "awards"  ("us_city_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_awards_jp_city" ON "awards"  ("jp_city_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_awards_round" ON "awards"  ("round_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "disbursements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "tranche_key" character varying(40) NOT NULL, "tranche_index" integer NOT NULL, "release_on" character varying(30) NOT NULL, "side" character varying(2) NOT NULL, "currency" character varying(3) NOT NULL, "amount_minor" bigint NOT NULL, "status" character varying(20) NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_disbursements_amount" CHECK ("amount_minor" > 0), CONSTRAINT "PK_2f9ea0e5b8382113aaa3e51cdfa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_disbursements_status" ON "disbursements"  ("status", "currency") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_disbursements_tranche" ON "disbursements"  ("award_id", "tranche_key", "side") `,
    );
    await queryRunner.query(
      `CREATE TABLE "fx_rates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "base" character varying(3) NOT NULL, "quote" character varying(3) NOT NULL, "rate" numeric(24,10) NOT NULL, "effective_on" date NOT NULL, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94eb17e7eddb6df0cec5985ea5f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_fx_rates_day" ON "fx_rates"  ("base", "quote", "effective_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "round_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'assigned', "source" character varying(10) NOT NULL, "assigned_by" uuid, "assigned_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "decline_reason" character varying(500), "scores" jsonb, "comment" text, "recommendation" character varying(20), "weighted_score" double precision, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignments_application" ON "assignments"  ("application_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignments_round_reviewer" ON "assignments"  ("round_id", "reviewer_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignments_reviewer" ON "assignments"  ("reviewer_id", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_assignments_pair" ON "assignments"  ("application_id", "reviewer_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "application_decisions" ADD CONSTRAINT "FK_f45230a500a1882fd913ae6c75f" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_lines" ADD CONSTRAINT "FK_06fa9b7efca0366254bf766ec95" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "awards" ADD CONSTRAINT "FK_44502edb1f699ffd61a2f6385cd" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "awards" ADD CONSTRAINT "FK_b112e7f6fc7ee5cb94e7cdf7bab" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD CONSTRAINT "FK_99b5ecca818e69b495719696f96" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_0f5426dfc10d867565e3fd091d4" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_3251e3277c84808f88542c6cfc6" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "assignments" DROP CONSTRAINT "FK_3251e3277c84808f88542c6cfc6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" DROP CONSTRAINT "FK_0f5426dfc10d867565e3fd091d4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" DROP CONSTRAINT "FK_99b5ecca818e69b495719696f96"`,
    );
    await queryRunner.query(
      `ALTER TABLE "awards" DROP CONSTRAINT "FK_b112e7f6fc7ee5cb94e7cdf7bab"`,
    );
    await queryRunner.query(
      `ALTER TABLE "awards" DROP CONSTRAINT "FK_44502edb1f699ffd61a2f6385cd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_lines" DROP CONSTRAINT "FK_06fa9b7efca0366254bf766ec95"`,
    );
    await queryRunner.query(
      `ALTER TABLE "application_decisions" DROP CONSTRAINT "FK_f45230a500a1882fd913ae6c75f"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ux_assignments_pair"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assignments_reviewer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assignments_round_reviewer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assignments_application"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP INDEX "public"."ux_fx_rates_day"`);
    await queryRunner.query(`DROP TABLE "fx_rates"`);
    await queryRunner.query(`DROP INDEX "public"."ux_disbursements_tranche"`);
    await queryRunner.query(`DROP INDEX "public"."ix_disbursements_status"`);
    await queryRunner.query(`DROP TABLE "disbursements"`);
    await queryRunner.query(`DROP INDEX "public"."ix_awards_round"`);
    await queryRunner.query(`DROP INDEX "public"."ix_awards_jp_city"`);
    await queryRunner.query(`DROP INDEX "public"."ix_awards_us_city"`);
    await queryRunner.query(`DROP INDEX "public"."ux_awards_application"`);
    await queryRunner.query(`DROP TABLE "awards"`);
    await queryRunner.query(`DROP TABLE "award_lines"`);
    await queryRunner.query(`DROP INDEX "public"."ix_application_decisions_application"`);
    await queryRunner.query(`DROP TABLE "application_decisions"`);
  }
}
