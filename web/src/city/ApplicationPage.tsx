import { Title } from '@mantine/core';

/** Placeholder: this page is being built (issue 15). */
export function Component() {
  return <Title order={2}>ApplicationPage</Title>;
}
