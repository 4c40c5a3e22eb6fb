import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { Empty } from '../../ui/States';
import { DisbursementStatusBadge, DisbursementStatusHelp } from './DisbursementStatus';
import { Money } from './Money';
import { ScrollTable } from './ScrollTable';

type Disbursement = Schemas['DisbursementResponse'];

const bySchedule = (a: Disbursement, b: Disbursement) =>
  a.trancheIndex - b.trancheIndex || a.side.localeCompare(b.side);

/** Each tranche of each side: its amount, when it is released, and where its payout stands. */
export function DisbursementsTable({ disbursements }: { disbursements: Disbursement[] }) {
  const { t } = useTranslation(['awards', 'common']);
  if (!disbursements.length) return <Empty>{t('awards:payouts.none')}</Empty>;
  return (
    <ScrollTable label={t('awards:payouts.caption')} minWidth={720}>
      <Table withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('awards:payouts.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('awards:payouts.tranche')}</Table.Th>
            <Table.Th scope="col">{t('awards:side')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('awards:payouts.amount')}
            </Table.Th>
            <Table.Th scope="col">{t('awards:payouts.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...disbursements].sort(bySchedule).map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {t('awards:payouts.trancheName', { n: d.trancheIndex + 1, key: d.tranche })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`awards:release.${d.releaseOn}`)}
                </Text>
              </Table.Td>
              <Table.Td>{t(`common:sides.${d.side}`)}</Table.Td>
              <Table.Td ta="right">
                <Money minor={d.amountMinor} currency={d.currency} />
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <DisbursementStatusBadge status={d.status} />
                  <DisbursementStatusHelp disbursement={d} />
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
