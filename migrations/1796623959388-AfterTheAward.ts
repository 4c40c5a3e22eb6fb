import { MigrationInterface, QueryRunner } from 'typeorm';

export class AfterTheAward1796623959388 implements MigrationInterface {
  name = 'AfterTheAward1796623959388';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "award_amendments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "status" character varying(20) NOT NULL, "changes" jsonb NOT NULL, "reason" jsonb NOT NULL, "base_version" integer NOT NULL, "resulting_version" integer, "requested_by" uuid NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "decision_note" text, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bba4781b91c7132b317476105a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_award_amendments_open" ON "award_amendments"  ("award_id") WHERE status = 'requested'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_award_amendments_status" ON "award_amendments"  ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_award_amendments_award" ON "award_amendments"  ("award_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "award_versions" ("award_id" uuid NOT NULL, "version" integer NOT NULL, "amendment_id" uuid, "amounts" jsonb NOT NULL, "budget_lines" jsonb NOT NULL, "tranche_schedule" jsonb NOT NULL, "reports_required" jsonb NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "scope" jsonb NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_award_versions_dates" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "ck_award_versions_version" CHECK ("version" >= 1), CONSTRAINT "PK_107b114aaaafa0df30d2644cbdf" PRIMARY KEY ("award_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_type" character varying(20) NOT NULL, "owner_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "file_name" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage" character varying(10) NOT NULL, "storage_key" character varying(300) NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_documents_owner" ON "documents"  ("owner_type", "owner_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refunds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "settlement_id" uuid, "city_id" uuid NOT NULL, "side" character varying(2) NOT NULL, "currency" character varying(3) NOT NULL, "amount_minor" bigint NOT NULL, "received_minor" bigint NOT NULL DEFAULT '0', "status" character varying(20) NOT NULL DEFAULT 'due', "due_on" date NOT NULL, "received_on" date, "bank_reference" character varying(100), "recorded_by" uuid, "cancel_reason" text, "cancelled_by" uuid, "created_by" uuid NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_refunds_received" CHECK ("received_minor" >= 0 AND "received_minor" <= "amount_minor"), CONSTRAINT "ck_refunds_amount" CHECK ("amount_minor" > 0), CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_refunds_status" ON "refunds"  ("status", "due_on") `);
    await queryRunner.query(
      `CREATE INDEX "ix_refunds_award" ON "refunds"  ("award_id", "created_at") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_refunds_city" ON "refunds"  ("city_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "settlements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "side" character varying(2) NOT NULL, "currency" character varying(3) NOT NULL, "report_id" uuid NOT NULL, "award_version" integer NOT NULL, "awarded_minor" bigint NOT NULL, "spent_minor" bigint NOT NULL, "eligible_minor" bigint NOT NULL, "subsidy_rate_bp" integer NOT NULL, "rounding_unit_minor" bigint NOT NULL, "cap_minor" bigint, "confirmed_minor" bigint NOT NULL, "paid_minor" bigint NOT NULL DEFAULT '0', "balance_minor" bigint NOT NULL DEFAULT '0', "categories" jsonb NOT NULL, "excluded" jsonb NOT NULL DEFAULT '[]', "status" character varying(20) NOT NULL DEFAULT 'draft', "computed_by" uuid NOT NULL, "confirmed_by" uuid, "confirmed_at" TIMESTAMP(3) WITH TIME ZONE, "balance_disbursement_id" uuid, "refund_id" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_settlements_amounts" CHECK ("confirmed_minor" >= 0 AND "confirmed_minor" <= "awarded_minor"), CONSTRAINT "PK_5f523ce152b84e818bff9467aab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_settlements_status" ON "settlements"  ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_settlements_side" ON "settlements"  ("award_id", "side") `,
    );
    await queryRunner.query(
      `ALTER TABLE "rounds" ADD "settlement_rules" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `ALTER TABLE "rounds" ADD "amendment_approval_percent" integer NOT NULL DEFAULT '20'`,
    );
    await queryRunner.query(
      `ALTER TABLE "awards" ADD "status" character varying(20) NOT NULL DEFAULT 'active'`,
    );
    await queryRunner.query(
      `ALTER TABLE "awards" ADD "current_version" integer NOT NULL DEFAULT '1'`,
    );
    await queryRunner.query(`ALTER TABLE "awards" ADD "cancel_reason" text`);
    await queryRunner.query(`ALTER TABLE "awards" ADD "cancelled_by" uuid`);
    await queryRunner.query(`ALTER TABLE "awards" ADD "cancelled_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "award_amendments" ADD CONSTRAINT "FK_828a9500feaa2dc014ab8b37e1a" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_versions" ADD CONSTRAINT "FK_b2eb841212345d915f14a273958" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "FK_e19987de81c48a74b68c2652762" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "settlements" ADD CONSTRAINT "FK_7925565c521979bdd1778b0dd1f" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "settlements" DROP CONSTRAINT "FK_7925565c521979bdd1778b0dd1f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" DROP CONSTRAINT "FK_e19987de81c48a74b68c2652762"`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_versions" DROP CONSTRAINT "FK_b2eb841212345d915f14a273958"`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_amendments" DROP CONSTRAINT "FK_828a9500feaa2dc014ab8b37e1a"`,
    );
    await queryRunner.query(`ALTER TABLE "awards" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "awards" DROP COLUMN "cancelled_by"`);
    await queryRunner.query(`ALTER TABLE "awards" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "awards" DROP COLUMN "current_version"`);
    await queryRunner.query(`ALTER TABLE "awards" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP COLUMN "amendment_approval_percent"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP COLUMN "settlement_rules"`);
    await queryRunner.query(`DROP INDEX "public"."ux_settlements_side"`);
    await queryRunner.query(`DROP INDEX "public"."ix_settlements_status"`);
    await queryRunner.query(`DROP TABLE "settlements"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refunds_city"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refunds_award"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refunds_status"`);
    await queryRunner.query(`DROP TABLE "refunds"`);
    await queryRunner.query(`DROP INDEX "public"."ix_documents_owner"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP TABLE "award_versions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_award_amendments_award"`);
    await queryRunner.query(`DROP INDEX "public"."ix_award_amendments_status"`);
    await queryRunner.query(`DROP INDEX "public"."ux_award_amendments_open"`);
    await queryRunner.query(`DROP TABLE "award_amendments"`);
  }
}
