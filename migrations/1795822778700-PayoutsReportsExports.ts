import { MigrationInterface, QueryRunner } from 'typeorm';

export class PayoutsReportsExports1795822778700 implements MigrationInterface {
  name = 'PayoutsReportsExports1795822778700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payee_accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "city_id" uuid NOT NULL, "rail" character varying(10) NOT NULL, "account_type" character varying(10) NOT NULL, "routing_number" character(9), "bank_code" character(4), "branch_code" character(3), "holder_name" character varying(60) NOT NULL, "account_number_encrypted" text NOT NULL, "account_number_last4" character varying(4) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'unverified', "entered_by" uuid NOT NULL, "verified_by" uuid, "verified_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ef9fa6018898b85df7211878de4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_payee_accounts_city" ON "payee_accounts"  ("city_id", "rail", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payment_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "rail" character varying(10) NOT NULL, "currency" character varying(3) NOT NULL, "execution_date" date NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'queued', "entry_count" integer NOT NULL DEFAULT '0', "total_minor" bigint NOT NULL DEFAULT '0', "file" bytea, "file_name" character varying(100), "file_sha256" character(64), "failure_reason" text, "requested_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_c0b01663dff94cd1711f3a89060" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_payment_runs_status" ON "payment_runs"  ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "disbursement_approvals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "disbursement_id" uuid NOT NULL, "request_seq" integer NOT NULL, "approver_id" uuid NOT NULL, "approved_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f07f5f339eddf5b13a135951fd6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_disbursement_approvals_once" ON "disbursement_approvals"  ("disbursement_id", "request_seq", "approver_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(30) NOT NULL, "round_id" uuid, "format" character varying(4) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'queued', "row_count" integer, "file_path" character varying(300), "file_name" character varying(200), "byte_size" bigint, "sha256" character(64), "failure_reason" text, "requested_by" uuid, "scheduled_for" date, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_bcf8528d214cbfc68c01f337511" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_exports_scheduled" ON "exports"  ("type", "scheduled_for") WHERE scheduled_for IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_exports_created" ON "exports"  ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "grantee_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "side" character varying(5) NOT NULL, "narrative" jsonb NOT NULL, "expenses" jsonb NOT NULL DEFAULT '[]', "status" character varying(20) NOT NULL DEFAULT 'draft', "due_on" date NOT NULL, "overdue_at" TIMESTAMP(3) WITH TIME ZONE, "created_by" uuid NOT NULL, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "reviewed_by" uuid, "reviewed_at" TIMESTAMP(3) WITH TIME ZONE, "changes_message" text, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3698b374ac1ddbc7328b5eb2999" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_grantee_reports_due" ON "grantee_reports"  ("status", "due_on") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_grantee_reports_slot" ON "grantee_reports"  ("award_id", "kind", "side") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "side" character varying(5) NOT NULL, "due_on" date NOT NULL, "reminder_type" character varying(10) NOT NULL, "queued_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4a1ad711b9776cc6a7eefbb188b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_report_reminders_once" ON "report_reminders"  ("award_id", "kind", "side", "due_on", "reminder_type") `,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD "request_seq" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "payee_account_id" uuid`);
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "requested_by" uuid`);
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD "requested_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "rejection_reason" text`);
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "payment_run_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD "sent_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD "bank_reference" character varying(100)`,
    );
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "failure_reason" text`);
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "settled_by" uuid`);
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD "settled_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "disbursements" ADD "cancel_reason" text`);
    await queryRunner.query(
      `CREATE INDEX "ix_disbursements_payment_run" ON "disbursements"  ("payment_run_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "payee_accounts" ADD CONSTRAINT "FK_63c0e52f3cc22d22c542dbfcc3c" FOREIGN KEY ("city_id") REFERENCES "cities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD CONSTRAINT "FK_aa6972a8eaa55575a10b469164c" FOREIGN KEY ("payee_account_id") REFERENCES "payee_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" ADD CONSTRAINT "FK_8ebcf506c5bfbd06926b4000d08" FOREIGN KEY ("payment_run_id") REFERENCES "payment_runs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursement_approvals" ADD CONSTRAINT "FK_575e51f62f2b7d35a5943cdad2f" FOREIGN KEY ("disbursement_id") REFERENCES "disbursements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "grantee_reports" ADD CONSTRAINT "FK_4fce9544d644396031c71d026d6" FOREIGN KEY ("award_id") REFERENCES "awards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Reviewed addition: no award pays out more than its amount (SPEC §5.7), enforced by the
    // database whatever the code does. The award line's row lock serialises concurrent
    // approvals of the same line, so two transactions cannot both see room for themselves.
    await queryRunner.query(`
            CREATE FUNCTION disbursements_within_award() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              awarded bigint;
              committed bigint;
            BEGIN
              SELECT amount_minor INTO awarded FROM award_lines
               WHERE award_id = NEW.award_id AND side = NEW.side AND currency = NEW.currency
                 FOR UPDATE;
              IF awarded IS NULL THEN
                RAISE EXCEPTION 'disbursement % has no award line', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_disbursements_within_award';
              END IF;
              SELECT COALESCE(SUM(amount_minor), 0) INTO committed FROM disbursements
               WHERE award_id = NEW.award_id AND side = NEW.side AND currency = NEW.currency
                 AND status IN ('approved', 'sent', 'paid');
              IF committed > awarded THEN
                RAISE EXCEPTION 'award % % % would pay % of %', NEW.award_id, NEW.side, NEW.currency, committed, awarded
                  USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_disbursements_within_award';
              END IF;
              RETURN NEW;
            END $$`);
    await queryRunner.query(
      `CREATE TRIGGER disbursements_within_award AFTER INSERT OR UPDATE OF status, amount_minor ON "disbursements" FOR EACH ROW WHEN (NEW.status IN ('approved', 'sent', 'paid')) EXECUTE FUNCTION disbursements_within_award()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "disbursements_within_award" ON "disbursements"`);
    await queryRunner.query(`DROP FUNCTION disbursements_within_award()`);
    await queryRunner.query(
      `ALTER TABLE "grantee_reports" DROP CONSTRAINT "FK_4fce9544d644396031c71d026d6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursement_approvals" DROP CONSTRAINT "FK_575e51f62f2b7d35a5943cdad2f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" DROP CONSTRAINT "FK_8ebcf506c5bfbd06926b4000d08"`,
    );
    await queryRunner.query(
      `ALTER TABLE "disbursements" DROP CONSTRAINT "FK_aa6972a8eaa55575a10b469164c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "payee_accounts" DROP CONSTRAINT "FK_63c0e52f3cc22d22c542dbfcc3c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_disbursements_payment_run"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "settled_at"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "settled_by"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "failure_reason"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "bank_reference"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "sent_at"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "payment_run_id"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "rejection_reason"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "requested_at"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "requested_by"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "payee_account_id"`);
    await queryRunner.query(`ALTER TABLE "disbursements" DROP COLUMN "request_seq"`);
    await queryRunner.query(`DROP INDEX "public"."ux_report_reminders_once"`);
    await queryRunner.query(`DROP TABLE "report_reminders"`);
    await queryRunner.query(`DROP INDEX "public"."ux_grantee_reports_slot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_grantee_reports_due"`);
    await queryRunner.query(`DROP TABLE "grantee_reports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_exports_created"`);
    await queryRunner.query(`DROP INDEX "public"."ux_exports_scheduled"`);
    await queryRunner.query(`DROP TABLE "exports"`);
    await queryRunner.query(`DROP INDEX "public"."ux_disbursement_approvals_once"`);
    await queryRunner.query(`DROP TABLE "disbursement_approvals"`);
    await queryRunner.query(`DROP INDEX "public"."ix_payment_runs_status"`);
    await queryRunner.query(`DROP TABLE "payment_runs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_payee_accounts_city"`);
    await queryRunner.query(`DROP TABLE "payee_accounts"`);
  }
}
