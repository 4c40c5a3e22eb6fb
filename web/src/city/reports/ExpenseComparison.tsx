import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { Money } from '../awards/Money';
import { ScrollTable } from '../awards/ScrollTable';

/** What the report spends against what its side(s) were awarded, currency by currency. */
export function ExpenseComparison({
  comparison,
}: {
  comparison: Schemas['ExpenseComparisonDto'][];
}) {
  const { t } = useTranslation('reports');
  return (
    <ScrollTable label={t('reports:comparison.caption')} minWidth={560}>
      <Table withTableBorder captionSide="top" maw={760}>
        <Table.Caption>{t('reports:comparison.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports:expense.currency')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports:comparison.awarded')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports:comparison.spent')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports:comparison.left')}
            </Table.Th>
            <Table.Th scope="col">{t('reports:comparison.assessment')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {comparison.map((row) => (
            <Table.Tr key={row.currency}>
              <Table.Td>{t(`reports:currency.${row.currency}`)}</Table.Td>
              <Table.Td ta="right">
                <Money minor={row.awardedMinor} currency={row.currency} />
              </Table.Td>
              <Table.Td ta="right">
                <Money minor={row.spentMinor} currency={row.currency} />
              </Table.Td>
              <Table.Td ta="right">
                <Money minor={row.awardedMinor - row.spentMinor} currency={row.currency} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={row.overspent ? 'red.9' : 'teal.9'} fw={500}>
                  {t(row.overspent ? 'reports:comparison.over' : 'reports:comparison.within')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
