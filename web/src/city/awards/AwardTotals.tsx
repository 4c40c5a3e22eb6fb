import { DataList, Paper, Progress, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { Money } from './Money';

type Total = Schemas['AwardTotal'];

/** Awarded, paid and remaining for each currency on its own: yen and dollars are never added. */
export function AwardTotals({ totals }: { totals: Total[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {totals.map((total) => (
        <CurrencyTotal key={total.currency} total={total} />
      ))}
    </SimpleGrid>
  );
}

function CurrencyTotal({ total }: { total: Total }) {
  const { t } = useTranslation('awards');
  const { currency, awardedMinor, disbursedMinor, remainingMinor } = total;
  const percent = awardedMinor > 0 ? Math.round((disbursedMinor / awardedMinor) * 100) : 0;
  return (
    <Paper withBorder p="md">
      <Text fw={600} mb="xs">
        {t(`awards:currency.${currency}`)}
      </Text>
      <DataList size="sm" gap={4} labelWidth="8rem">
        <DataList.Item>
          <DataList.ItemLabel>{t('awards:awarded')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Money minor={awardedMinor} currency={currency} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('awards:paid')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Money minor={disbursedMinor} currency={currency} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('awards:remaining')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Money minor={remainingMinor} currency={currency} />
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <Progress
        mt="sm"
        value={percent}
        color="green"
        aria-label={t('awards:paidShare', { currency, percent })}
      />
    </Paper>
  );
}
