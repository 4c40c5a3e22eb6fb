import { Button, type ButtonProps, Loader } from '@mantine/core';

/**
 * A button that shows its action is running but stays enabled: a disabled button drops the
 * keyboard focus to the page's top. Whoever handles the click ignores it while `busy`.
 */
export function BusyButton({
  busy,
  ...props
}: ButtonProps & { busy: boolean } & React.ComponentPropsWithoutRef<'button'>) {
  return (
    <Button
      {...props}
      aria-busy={busy}
      rightSection={busy ? <Loader size={14} color="currentColor" /> : undefined}
    />
  );
}
