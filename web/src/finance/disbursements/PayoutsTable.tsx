import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DisbursementStatusBadge } from '../../city/awards/DisbursementStatus';
import { Money } from '../../city/awards/Money';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { localized } from '../../city/awards/text';
import { DEVICE_TIME_ZONE, formatInstant } from '../../time';
import { type Disbursement, useAwardOf } from '../api';

/** Payouts with their project, side, amount and status; each opens its own page. */
export function PayoutsTable({ payouts, caption }: { payouts: Disbursement[]; caption: string }) {
  const { t, i18n } = useTranslation(['finance', 'awards', 'common']);
  return (
    <ScrollTable label={caption} minWidth={860}>
      <Table striped withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('finance:disbursements.project')}</Table.Th>
            <Table.Th scope="col">{t('finance:disbursements.tranche')}</Table.Th>
            <Table.Th scope="col">{t('finance:disbursements.side')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('finance:disbursements.amount')}
            </Table.Th>
            <Table.Th scope="col">{t('finance:disbursements.status')}</Table.Th>
            <Table.Th scope="col">{t('finance:disbursements.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payouts.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <ProjectLink payout={d} />
              </Table.Td>
              <Table.Td>
                {t('awards:payouts.trancheName', { n: d.trancheIndex + 1, key: d.tranche })}
              </Table.Td>
              <Table.Td>{t(`common:sides.${d.side}`)}</Table.Td>
              <Table.Td ta="right">
                <Money minor={d.amountMinor} currency={d.currency} />
              </Table.Td>
              <Table.Td>
                <DisbursementStatusBadge status={d.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatInstant(d.updatedAt, DEVICE_TIME_ZONE, i18n.language)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** The project's title (one request per award, shared by its rows) linking to the payout. */
function ProjectLink({ payout }: { payout: Disbursement }) {
  const { t, i18n } = useTranslation(['finance', 'awards']);
  const award = useAwardOf(payout.awardId);
  const title = award.data
    ? localized(award.data.applicationTitle, i18n.language) || t('awards:untitled')
    : '…';
  return (
    <Anchor component={Link} to={`/finance/disbursements/${payout.id}`} size="sm">
      {title}
    </Anchor>
  );
}
