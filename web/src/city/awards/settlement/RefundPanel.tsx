import { Badge, DataList, type MantineColor, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../auth/useSession';
import { formatDate } from '../../../time';
import { Money } from '../Money';
import type { Refund, RefundStatus } from './queries';
import { ReceiveRefundForm } from './ReceiveRefundForm';
import { WaiveRefundButton } from './WaiveRefundButton';
import { Detail } from '../../../ui/Detail';

const COLORS: Record<RefundStatus, MantineColor> = {
  due: 'orange',
  received: 'green',
  cancelled: 'gray',
};

export function RefundStatusBadge({ status }: { status: RefundStatus }) {
  const { t } = useTranslation('settlement');
  return (
    <Badge color={COLORS[status]} variant="dot" radius="sm">
      {t(`settlement:refund.statuses.${status}`)}
    </Badge>
  );
}

/**
 * A refund a side's city owes (返還): what, by when, what came back. Finance records receipts,
 * the program office may waive it, the city is told to pay.
 */
export function RefundPanel({ refund, me }: { refund: Refund; me: Me | undefined }) {
  const { t, i18n } = useTranslation(['settlement', 'common']);
  const money = (minor: number) => <Money minor={minor} currency={refund.currency} />;
  const due = refund.status === 'due';
  const headingId = `refund-${refund.id}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={4} id={headingId}>
          {t('settlement:refund.title', { side: t(`common:sides.${refund.side}`) })}
        </Title>
        <DataList size="sm" gap={4} labelWidth="10rem">
          <Detail label={t('settlement:refund.status')}>
            <RefundStatusBadge status={refund.status} />
          </Detail>
          <Detail label={t('settlement:refund.amount')}>{money(refund.amountMinor)}</Detail>
          <Detail label={t('settlement:refund.received')}>{money(refund.receivedMinor)}</Detail>
          {due && (
            <Detail label={t('settlement:refund.outstanding')}>
              <Text span fw={600} size="sm">
                {money(refund.outstandingMinor)}
              </Text>
            </Detail>
          )}
          <Detail label={t('settlement:refund.dueOn')}>
            {formatDate(refund.dueOn, i18n.language)}
          </Detail>
          {refund.receivedOn && (
            <Detail label={t('settlement:refund.receivedOn')}>
              {formatDate(refund.receivedOn, i18n.language)}
            </Detail>
          )}
          {refund.bankReference && (
            <Detail label={t('settlement:refund.bankReference')}>{refund.bankReference}</Detail>
          )}
          {refund.cancelReason && (
            <Detail label={t('settlement:refund.cancelReason')}>{refund.cancelReason}</Detail>
          )}
        </DataList>
        {due && me?.role === 'city_user' && (
          <Text size="sm">{t('settlement:refund.cityNote')}</Text>
        )}
        {due && me?.role === 'finance_officer' && <ReceiveRefundForm refund={refund} />}
        {due && me?.role === 'program_officer' && <WaiveRefundButton refund={refund} />}
      </Stack>
    </Paper>
  );
}
