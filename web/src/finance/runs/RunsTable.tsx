import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Money } from '../../city/awards/Money';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { DEVICE_TIME_ZONE, formatDate, formatInstant } from '../../time';
import type { PaymentRun } from '../api';
import { RunStatusBadge } from '../parts/RunStatus';

/** Payment runs: system, execution date, status, how many payouts and their total. */
export function RunsTable({ runs }: { runs: PaymentRun[] }) {
  const { t, i18n } = useTranslation('finance');
  return (
    <ScrollTable label={t('finance:runs.caption')} minWidth={820}>
      <Table striped withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('finance:runs.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('finance:runs.executionDate')}</Table.Th>
            <Table.Th scope="col">{t('finance:runs.rail')}</Table.Th>
            <Table.Th scope="col">{t('finance:runs.status')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('finance:runs.entries')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('finance:runs.total')}
            </Table.Th>
            <Table.Th scope="col">{t('finance:runs.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => (
            <Table.Tr key={run.id}>
              <Table.Td>
                <Anchor component={Link} to={`/finance/payment-runs/${run.id}`} size="sm">
                  {formatDate(run.executionDate, i18n.language)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`finance:runs.railShort.${run.rail}`)}</Text>
                <Text size="xs" c="dimmed">
                  {run.currency}
                </Text>
              </Table.Td>
              <Table.Td>
                <RunStatusBadge status={run.status} />
              </Table.Td>
              <Table.Td ta="right">{run.entryCount}</Table.Td>
              <Table.Td ta="right">
                <Money minor={run.totalMinor} currency={run.currency} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {formatInstant(run.createdAt, DEVICE_TIME_ZONE, i18n.language)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
