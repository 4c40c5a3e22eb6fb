import { Title } from '@mantine/core';

/** PLACEHOLDER (issue 16, area `finance`): replaced by the page itself. */
export function Component() {
  return <Title order={2}>DisbursementsPage</Title>;
}
