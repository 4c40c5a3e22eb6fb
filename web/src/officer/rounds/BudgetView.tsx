import { DataList, Paper, Progress, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Money } from '../../city/awards/Money';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { type CurrencyBudget, type Round, useBudget } from './data';

/**
 * The round's money, each currency on its own (yen and dollars are never added): the budget,
 * what awards committed, what was paid out and what awards may still commit.
 */
export function BudgetView({ round }: { round: Round }) {
  const { t } = useTranslation(['rounds']);
  const budget = useBudget(round.id);
  if (budget.isPending) return <PageLoader />;
  if (budget.isError) {
    return <ProblemAlert error={budget.error} onRetry={() => void budget.refetch()} />;
  }
  if (budget.data.length === 0) return <Empty>{t('rounds:budget.none')}</Empty>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {budget.data.map((row) => (
        <CurrencyCard
          key={row.currency}
          row={row}
          maxAward={round.maxAward.find((m) => m.currency === row.currency)?.amountMinor}
        />
      ))}
    </SimpleGrid>
  );
}

function CurrencyCard({ row, maxAward }: { row: CurrencyBudget; maxAward?: number }) {
  const { t } = useTranslation(['rounds']);
  const { currency, budgetMinor, committedMinor, disbursedMinor, remainingMinor } = row;
  const percent = budgetMinor > 0 ? Math.round((committedMinor / budgetMinor) * 100) : 0;
  const item = (label: string, minor: number) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        <Money minor={minor} currency={currency} />
      </DataList.ItemValue>
    </DataList.Item>
  );
  return (
    <Paper withBorder p="md" data-currency={currency}>
      <Text fw={600} mb="xs">
        {t(`rounds:currency.${currency}`)}
      </Text>
      <DataList size="sm" gap={4} labelWidth="9rem">
        {item(t('rounds:budget.budget'), budgetMinor)}
        {item(t('rounds:budget.committed'), committedMinor)}
        {item(t('rounds:budget.disbursed'), disbursedMinor)}
        {item(t('rounds:budget.remaining'), remainingMinor)}
        {maxAward !== undefined && item(t('rounds:budget.maxAward'), maxAward)}
      </DataList>
      <Progress
        mt="sm"
        value={percent}
        aria-label={t('rounds:budget.committedShare', { currency, percent })}
      />
    </Paper>
  );
}
