import { Button, Group, Table, VisuallyHidden } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column {
  label: string;
  width?: number;
}

/**
 * Rows of inputs (rubric criteria, tranches, reports), one row an item, with "Add" and a
 * "Remove" per row. A new row takes the focus in its first input; removing one returns it to
 * "Add", so the keyboard never falls to the top of the page.
 */
export function RowsEditor<T extends { id: string }>({
  caption,
  columns,
  rows,
  addLabel,
  removeLabel,
  onAdd,
  onRemove,
  renderCells,
  minWidth = 760,
}: {
  caption: string;
  columns: Column[];
  rows: T[];
  addLabel: string;
  removeLabel: (n: number) => string;
  onAdd: () => T;
  onRemove: (index: number) => void;
  renderCells: (row: T, index: number) => React.ReactNode;
  minWidth?: number;
}) {
  const { t } = useTranslation(['rounds']);
  const table = useRef<HTMLTableElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  const add = () => {
    const row = onAdd();
    requestAnimationFrame(() =>
      table.current
        ?.querySelector<HTMLElement>(`[data-row="${row.id}"] :is(input, select)`)
        ?.focus(),
    );
  };

  const remove = (index: number) => {
    onRemove(index);
    addButton.current?.focus();
  };

  return (
    <>
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table ref={table} verticalSpacing="xs" aria-label={caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>
                  #
                </Table.Th>
                {columns.map((column) => (
                  <Table.Th key={column.label} scope="col" w={column.width}>
                    {column.label}
                  </Table.Th>
                ))}
                <Table.Th scope="col" w={90}>
                  <VisuallyHidden>{t('rounds:form.remove')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={row.id} data-row={row.id} style={{ verticalAlign: 'top' }}>
                  <Table.Td pt={14}>{index + 1}</Table.Td>
                  {renderCells(row, index)}
                  <Table.Td>
                    <Button
                      variant="subtle"
                      color="red"
                      c="red.9"
                      aria-label={removeLabel(index + 1)}
                      onClick={() => remove(index)}
                    >
                      {t('rounds:form.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <Button ref={addButton} variant="light" onClick={add}>
          {addLabel}
        </Button>
      </Group>
    </>
  );
}
