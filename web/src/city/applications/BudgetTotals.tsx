import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Currency, formatMoney } from '../../money';
import type { Round } from './data';
import { CURRENCIES, type Totals } from './form';

/** Captions read as the table's heading: at its start, in the text colour. */
export const CAPTION = {
  textAlign: 'start',
  fontWeight: 600,
  color: 'var(--mantine-color-text)',
} as const;

/**
 * What each side requests per currency, the total, and the round's maximum award beside it; an
 * amount over the maximum says so in words.
 */
export function BudgetTotals({
  totals,
  maxAward,
  caption,
}: {
  totals: Totals;
  maxAward?: Round['maxAward'];
  caption: string;
}) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  const caps = new Map((maxAward ?? []).map((m) => [m.currency, m.amountMinor]));
  const currencies = CURRENCIES.filter((c) => totals.currencies.includes(c) || caps.has(c));
  if (currencies.length === 0) return null;
  const cell = (key: string, currency: Currency) => {
    const sum = totals.sums.get(`${key}:${currency}`) ?? 0;
    const cap = caps.get(currency);
    const over = cap !== undefined && sum > cap;
    return (
      <Table.Td ta="right" c={over ? 'red.9' : undefined} fw={over ? 600 : undefined}>
        {formatMoney(sum, currency, i18n.language)}
        {over && <Text size="xs">{t('applications:budget.overMaximum')}</Text>}
      </Table.Td>
    );
  };
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption style={CAPTION}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('applications:budget.currency')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('common:sides.JP')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('common:sides.US')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('applications:budget.total')}
            </Table.Th>
            {maxAward && (
              <Table.Th scope="col" ta="right">
                {t('applications:budget.maxAward')}
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {currencies.map((currency) => (
            <Table.Tr key={currency}>
              <Table.Th scope="row">{t(`applications:currency.${currency}`)}</Table.Th>
              {cell('JP', currency)}
              {cell('US', currency)}
              {cell('total', currency)}
              {maxAward && (
                <Table.Td ta="right">
                  {caps.has(currency)
                    ? formatMoney(caps.get(currency)!, currency, i18n.language)
                    : t('applications:budget.notFunded')}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
