import { Anchor, List, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../auth/useSession';
import { DEVICE_TIME_ZONE, formatInstant } from '../../time';
import type { Disbursement } from '../api';

/**
 * What has happened to the payout, from its workflow fields: the current request and its
 * approvals, the last rejection, the run that sent it, the bank's outcome, a cancellation.
 */
export function History({ payout, me }: { payout: Disbursement; me: Me }) {
  const { t, i18n } = useTranslation('finance');
  const when = (iso: string) => formatInstant(iso, DEVICE_TIME_ZONE, i18n.language);
  const who = (id: string | null, name: string | null) => {
    const named = name ?? t('finance:colleague');
    return id === me.id ? t('finance:you', { name: named }) : named;
  };
  const events: { key: string; text: React.ReactNode; at?: string }[] = [];

  if (payout.rejectionReason) {
    events.push({
      key: 'rejected',
      text: t('finance:disbursement.history.rejected', { reason: payout.rejectionReason }),
    });
  }
  if (payout.requestedAt) {
    events.push({
      key: 'requested',
      text: t('finance:disbursement.history.requested', {
        who: who(payout.requestedBy, payout.requestedByName),
        seq: payout.requestSeq,
      }),
      at: payout.requestedAt,
    });
  }
  for (const approval of payout.approvals) {
    events.push({
      key: `approved-${approval.approverId}`,
      text: t('finance:disbursement.history.approved', {
        who: who(approval.approverId, approval.approverName),
      }),
      at: approval.approvedAt,
    });
  }
  if (payout.paymentRunId) {
    events.push({
      key: 'sent',
      text: (
        <>
          {t('finance:disbursement.history.sent')} ·{' '}
          <Anchor
            component={Link}
            to={`/finance/payment-runs/${payout.paymentRunId}`}
            underline="always"
            size="sm"
          >
            {t('finance:disbursement.history.openRun')}
          </Anchor>
        </>
      ),
    });
  }
  if (payout.settledAt && payout.status === 'paid') {
    events.push({
      key: 'paid',
      text: t('finance:disbursement.history.paid', { reference: payout.bankReference }),
      at: payout.settledAt,
    });
  }
  if (payout.settledAt && payout.failureReason) {
    events.push({
      key: 'failed',
      text: t('finance:disbursement.history.failed', {
        reference: payout.bankReference,
        reason: payout.failureReason,
      }),
      at: payout.settledAt,
    });
  }
  if (payout.cancelReason) {
    events.push({
      key: 'cancelled',
      text: t('finance:disbursement.history.cancelled', { reason: payout.cancelReason }),
    });
  }

  return (
    <section aria-labelledby="payout-history">
      <Title order={3} id="payout-history" mb="sm">
        {t('finance:disbursement.history.title')}
      </Title>
      {events.length ? (
        <List spacing="xs" size="sm">
          {events.map((event) => (
            <List.Item key={event.key}>
              <Text size="sm" span>
                {event.text}
              </Text>
              {event.at && (
                <Text size="xs" c="dimmed">
                  {when(event.at)}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">
          {t('finance:disbursement.history.none')}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        {t('finance:disbursement.history.lastChange')}: {when(payout.updatedAt)}
      </Text>
    </section>
  );
}
