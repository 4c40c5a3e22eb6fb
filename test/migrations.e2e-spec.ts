import { createTestApp, TestContext } from './support/app';

/**
 * The entities and the migrations describe the same schema: an index or column added to an
 * entity without a generated migration (`npm run migration:generate`) fails here, not in
 * production where `synchronize` is off.
 */
describe('migrations', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('leave nothing for the entities to change', async () => {
    const pending = await ctx.db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('have all run on the database the app uses', async () => {
    expect(await ctx.db.showMigrations()).toBe(false);
  });
});
