import { Checkbox, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client';
import { useAwardReports, useReport } from '../../reports/queries';
import { formatMoney } from '../../../money';
import { Money } from '../Money';

type Line = Schemas['AwardLineDto'];
type Expense = Schemas['ExpenseDto'];

/** Expenses left out of a side's computation: the expense's index in the report → why. */
export type Exclusions = Record<number, string>;

/** The API's limit on a reason (ExcludedExpenseDto). */
const MAX_REASON = 1000;

export const exclusionsOf = (excluded: readonly { index: number; reason: string }[]) =>
  Object.fromEntries(excluded.map(({ index, reason }) => [index, reason])) as Exclusions;

/** A ticked expense without its reason: nothing is computed until each says why. */
export const incomplete = (exclusions: Exclusions) =>
  Object.values(exclusions).some((reason) => reason.trim() === '');

export const exclusionList = (exclusions: Exclusions) =>
  Object.entries(exclusions)
    .map(([index, reason]) => ({ index: Number(index), reason }))
    .sort((a, b) => a.index - b.index);

/**
 * The accepted final report's expenses that count for the side (its own report's, or a joint
 * report's in the side's currency — the API's rule), each with its index in the report.
 */
function useSideExpenses(awardId: string, line: Line) {
  const reports = useAwardReports(awardId);
  const final = reports.data?.data.find(
    (r) =>
      r.kind === 'final' && r.status === 'accepted' && (r.side === 'joint' || r.side === line.side),
  );
  const report = useReport(final?.id ?? '', final !== undefined);
  const expenses = (report.data?.expenses ?? [])
    .map((expense, index) => ({ expense, index }))
    .filter(({ expense }) => expense.currency === line.currency);
  return { found: final !== undefined && report.data !== undefined, expenses };
}

/**
 * The side's expenses from its accepted final report, for the program office to leave out what
 * is not eligible (each with its reason) before computing; read-only once it may not act, where
 * only what was left out, and why, is shown.
 */
export function SideExpenses({
  awardId,
  line,
  side,
  exclusions,
  onChange,
}: {
  awardId: string;
  line: Line;
  /** The side's name, for the labels. */
  side: string;
  exclusions: Exclusions;
  /** Absent when the user may not change them. */
  onChange?: (next: Exclusions) => void;
}) {
  const { t, i18n } = useTranslation('settlement');
  const { found, expenses } = useSideExpenses(awardId, line);
  if (!found) return null;
  const shown = onChange ? expenses : expenses.filter(({ index }) => index in exclusions);
  if (shown.length === 0) {
    return onChange ? (
      <Text size="sm" c="dimmed">
        {t('expenses.none', { currency: line.currency })}
      </Text>
    ) : null;
  }
  const label = (expense: Expense) => expense.description || expense.category;
  const named = (expense: Expense) => ({
    expense: label(expense),
    amount: formatMoney(expense.amountMinor, expense.currency, i18n.language),
  });
  const toggle = (index: number, checked: boolean) => {
    const next = { ...exclusions };
    if (checked) next[index] = exclusions[index] ?? '';
    else delete next[index];
    onChange?.(next);
  };

  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing={4} fz="sm" captionSide="top">
        <Table.Caption ta="start" fw={600}>
          {onChange ? t('expenses.caption', { side }) : t('expenses.excludedCaption', { side })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {onChange && <Table.Th scope="col">{t('expenses.exclude')}</Table.Th>}
            <Table.Th scope="col">{t('expenses.expense')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('expenses.amount')}
            </Table.Th>
            <Table.Th scope="col">{t('expenses.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map(({ expense, index }) => {
            const excluded = index in exclusions;
            return (
              <Table.Tr key={index}>
                {onChange && (
                  <Table.Td>
                    <Checkbox
                      checked={excluded}
                      onChange={(event) => toggle(index, event.currentTarget.checked)}
                      aria-label={t('expenses.excludeOne', named(expense))}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  {label(expense)}
                  {expense.description && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({expense.category})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Money minor={expense.amountMinor} currency={expense.currency} />
                </Table.Td>
                <Table.Td>
                  {onChange && excluded ? (
                    <TextInput
                      size="xs"
                      required
                      maxLength={MAX_REASON}
                      value={exclusions[index]}
                      onChange={(event) =>
                        onChange({ ...exclusions, [index]: event.currentTarget.value })
                      }
                      error={
                        exclusions[index].trim() === '' ? t('expenses.reasonNeeded') : undefined
                      }
                      aria-label={t('expenses.reasonFor', named(expense))}
                    />
                  ) : (
                    (exclusions[index] ?? '')
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
