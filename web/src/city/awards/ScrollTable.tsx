import { Table } from '@mantine/core';

interface Props {
  /** Names the region (the table's caption). */
  label: string;
  minWidth: number;
  children: React.ReactNode;
}

/**
 * A table that scrolls sideways on a narrow screen. The region takes focus, so that the keyboard
 * can scroll it too.
 */
export function ScrollTable({ label, minWidth, children }: Props) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </Table.ScrollContainer>
  );
}
