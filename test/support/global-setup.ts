import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { dropStaleTestDatabases, recreateDatabase } from './databases';
import { TEST_SERVER_URL } from './env';

/**
 * Once per run: a template database with every migration applied, cloned by each test app.
 * Named after this process so that two runs on one machine never share one.
 */
export default async function globalSetup(): Promise<void> {
  const template = `grants_test_template_${process.pid}`;
  process.env.TEST_TEMPLATE_DATABASE = template; // inherited by the Jest workers
  await dropStaleTestDatabases(TEST_SERVER_URL);
  await recreateDatabase(TEST_SERVER_URL, template);
  const dataSource = new DataSource(
    dataSourceOptions({ DATABASE_URL: `${TEST_SERVER_URL}/${template}`, DATABASE_POOL_SIZE: 1 }),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
