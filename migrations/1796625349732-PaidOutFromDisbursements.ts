import { MigrationInterface, QueryRunner } from 'typeorm';

export class PaidOutFromDisbursements1796625349732 implements MigrationInterface {
  name = 'PaidOutFromDisbursements1796625349732';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "round_budgets" DROP CONSTRAINT "ck_round_budgets_disbursed"`,
    );
    await queryRunner.query(`ALTER TABLE "round_budgets" DROP COLUMN "disbursed_minor"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "round_budgets" ADD "disbursed_minor" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_budgets" ADD CONSTRAINT "ck_round_budgets_disbursed" CHECK (((disbursed_minor >= 0) AND (disbursed_minor <= committed_minor)))`,
    );
  }
}
