import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Tests never touch a database whose name does not say it is a test database. */
export function assertTestDatabase(name: string): void {
  if (!/test/i.test(name) || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(
      `Refusing to run tests against database "${name}": its name must contain "test"`,
    );
  }
}

async function withServer<T>(serverUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(serverUrl: string, name: string): Promise<void> {
  assertTestDatabase(name);
  await withServer(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

/** A fresh database cloned from the migrated template: one per test app, dropped afterwards. */
export async function cloneTemplate(serverUrl: string, template: string): Promise<string> {
  const name = `grants_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  assertTestDatabase(name);
  await withServer(serverUrl, (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertTestDatabase(name);
  await withServer(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}

/** Databases left behind by killed test runs. */
export async function dropStaleTestDatabases(serverUrl: string): Promise<void> {
  await withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'grants\\_test\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^grants_test_(?:template_)?(\d+)/.exec(datname)?.[1]);
      if (pid && isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
