import { dropDatabase } from './databases';
import { TEST_SERVER_URL } from './env';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (template) await dropDatabase(TEST_SERVER_URL, template);
}
