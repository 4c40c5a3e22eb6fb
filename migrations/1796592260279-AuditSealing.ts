import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events are recorded unsealed (no seq, prev_hash, hash) in the change's own transaction and
 * chained afterwards by the sealer (src/audit/audit-sealer.ts), so writers no longer queue on the
 * chain lock. Generated, then reviewed: TypeORM's drop and re-create of the actor and entity
 * indexes (unchanged) is left out, and the append-only trigger (Foundation) now lets an unsealed
 * event be sealed once, with nothing else changed. The outbox row carries its audit event's id.
 */
export class AuditSealing1796592260279 implements MigrationInterface {
  name = 'AuditSealing1796592260279';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "audit_event_id" uuid`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "seq" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_unsealed" ON "audit_events"  ("occurred_at", "id") WHERE seq IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "ck_audit_events_sealed" CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL))`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Sealing: an unsealed event gets its place in the chain once; nothing else changes.
        IF TG_OP = 'UPDATE' THEN
          IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
             AND (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_type, NEW.action,
                  NEW.entity_type, NEW.entity_id, NEW.data, NEW.request_id)
                 IS NOT DISTINCT FROM
                 (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_type, OLD.action,
                  OLD.entity_type, OLD.entity_id, OLD.data, OLD.request_id)
          THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only';
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "ck_audit_events_sealed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_unsealed"`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "seq" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "audit_event_id"`);
  }
}
