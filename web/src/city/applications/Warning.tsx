import { Alert, type AlertProps } from '@mantine/core';

/** A notice (orange unless told) whose title keeps the text colour: Mantine's tinted titles fall under 4.5:1. */
export function Warning(props: AlertProps & { role?: string }) {
  return (
    <Alert color="orange" styles={{ title: { color: 'var(--mantine-color-text)' } }} {...props} />
  );
}
