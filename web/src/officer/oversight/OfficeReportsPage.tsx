import { Title } from '@mantine/core';

/** PLACEHOLDER (issue 16, area `oversight`): replaced by the page itself. */
export function Component() {
  return <Title order={2}>OfficeReportsPage</Title>;
}
