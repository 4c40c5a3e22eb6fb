import { Button, Group, NativeSelect, Table, TextInput, VisuallyHidden } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type Currency, toMinor } from '../../money';
import { type Side, SIDES } from './data';
import { amountText, CURRENCIES, type FieldErrors, type LineDraft, newLine } from './form';

/**
 * The budget lines as a table of inputs, one row a line: which side spends it, on what, in which
 * currency and how much (typed in yen or dollars). Each cell is labelled with its line number.
 */
export function BudgetEditor({
  lines,
  errors,
  defaultSide,
  onChange,
}: {
  lines: LineDraft[];
  errors: FieldErrors;
  defaultSide: Side;
  onChange: (lines: LineDraft[], touched?: string) => void;
}) {
  const { t } = useTranslation(['applications']);
  const table = useRef<HTMLTableElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  const update = (index: number, patch: Partial<LineDraft>, field: string) =>
    onChange(
      lines.map((line, i) => (i === index ? { ...line, ...patch } : line)),
      `budgetLines.${index}.${field}`,
    );

  const add = () => {
    const line = newLine(defaultSide);
    onChange([...lines, line]);
    requestAnimationFrame(() =>
      table.current?.querySelector<HTMLElement>(`[data-line="${line.key}"] select`)?.focus(),
    );
  };

  const remove = (index: number) => {
    onChange(
      lines.filter((_, i) => i !== index),
      'budgetLines.',
    );
    addButton.current?.focus();
  };

  return (
    <>
      <Table.ScrollContainer minWidth={880}>
        <Table ref={table} verticalSpacing="xs" aria-label={t('applications:budget.editCaption')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={40}>
                #
              </Table.Th>
              <Table.Th scope="col" w={170}>
                {t('applications:budget.side')}
              </Table.Th>
              <Table.Th scope="col" w={160}>
                {t('applications:budget.category')}
              </Table.Th>
              <Table.Th scope="col">{t('applications:budget.description')}</Table.Th>
              <Table.Th scope="col" w={110}>
                {t('applications:budget.currency')}
              </Table.Th>
              <Table.Th scope="col" w={170}>
                {t('applications:budget.amount')}
              </Table.Th>
              <Table.Th scope="col" w={90}>
                <VisuallyHidden>{t('applications:budget.remove')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((line, index) => (
              <LineRow
                key={line.key}
                line={line}
                number={index + 1}
                errors={errors}
                field={(name) => `budgetLines.${index}.${name}`}
                onChange={(patch, field) => update(index, patch, field)}
                onRemove={() => remove(index)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button ref={addButton} variant="light" onClick={add}>
          {t('applications:budget.add')}
        </Button>
      </Group>
    </>
  );
}

function LineRow({
  line,
  number,
  errors,
  field,
  onChange,
  onRemove,
}: {
  line: LineDraft;
  number: number;
  errors: FieldErrors;
  field: (name: string) => string;
  onChange: (patch: Partial<LineDraft>, field: string) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation(['applications', 'common']);
  const label = (column: string) =>
    t('applications:budget.cell', { line: number, column: t(`applications:budget.${column}`) });

  /** On leaving the field, a valid amount is rewritten with its grouping and decimals. */
  const normalize = () => {
    const minor = toMinor(line.amount, line.currency);
    if (minor !== null)
      onChange({ amount: amountText(minor, line.currency) }, field('amountMinor'));
  };

  return (
    <Table.Tr data-line={line.key} style={{ verticalAlign: 'top' }}>
      <Table.Td pt={14}>{number}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={label('side')}
          value={line.side}
          error={errors[field('side')]}
          onChange={(event) => onChange({ side: event.currentTarget.value as Side }, field('side'))}
          data={SIDES.map((side) => ({ value: side, label: t(`common:sides.${side}`) }))}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={label('category')}
          placeholder={t('applications:budget.categoryExample')}
          maxLength={60}
          value={line.category}
          error={errors[field('category')]}
          onChange={(event) => onChange({ category: event.currentTarget.value }, field('category'))}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={label('description')}
          placeholder={t('applications:budget.descriptionExample')}
          maxLength={500}
          value={line.description}
          error={errors[field('description')]}
          onChange={(event) =>
            onChange({ description: event.currentTarget.value }, field('description'))
          }
        />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={label('currency')}
          value={line.currency}
          error={errors[field('currency')]}
          onChange={(event) =>
            onChange({ currency: event.currentTarget.value as Currency }, field('currency'))
          }
          data={CURRENCIES.map((currency) => ({ value: currency, label: currency }))}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={label('amount')}
          inputMode="decimal"
          autoComplete="off"
          leftSection={line.currency === 'JPY' ? '¥' : '$'}
          value={line.amount}
          error={errors[field('amountMinor')]}
          onChange={(event) =>
            onChange({ amount: event.currentTarget.value }, field('amountMinor'))
          }
          onBlur={normalize}
          styles={{ input: { textAlign: 'right' } }}
        />
      </Table.Td>
      <Table.Td>
        <Button
          variant="subtle"
          color="red"
          aria-label={t('applications:budget.removeLine', { line: number })}
          onClick={onRemove}
        >
          {t('applications:budget.remove')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
