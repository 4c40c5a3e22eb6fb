import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (TypeORM does not generate triggers): every change to who a user or an API key
 * is — role, city, locale, active, a key's scopes or revocation — notifies the channel
 * `principal_changed` with the user's id, at commit. API processes keep principals in memory
 * between requests and drop them on that notification (src/auth/principal-cache.ts), so a
 * deactivation or revocation still bites at once, whichever code path made it.
 */
export class PrincipalChangeNotifications1796591019710 implements MigrationInterface {
  name = 'PrincipalChangeNotifications1796591019710';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- TG_ARGV[0]: the column holding the user's id (users.id, api_keys.user_id).
        PERFORM pg_notify('principal_changed', to_jsonb(OLD) ->> TG_ARGV[0]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_principal_changed
      AFTER UPDATE OF role, city_id, locale, active OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed('id')`);
    await queryRunner.query(`
      CREATE TRIGGER api_keys_principal_changed
      AFTER UPDATE OF scopes, revoked_at, user_id OR DELETE ON api_keys
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed('user_id')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER api_keys_principal_changed ON api_keys`);
    await queryRunner.query(`DROP TRIGGER users_principal_changed ON users`);
    await queryRunner.query(`DROP FUNCTION notify_principal_changed()`);
  }
}
