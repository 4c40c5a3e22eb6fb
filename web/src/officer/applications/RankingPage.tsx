import { Title } from '@mantine/core';

/** PLACEHOLDER (issue 16, area `decisions`): replaced by the page itself. */
export function Component() {
  return <Title order={2}>RankingPage</Title>;
}
