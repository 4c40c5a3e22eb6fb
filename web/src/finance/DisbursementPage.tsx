import { Anchor, DataList, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ApiProblem } from '../api/client';
import type { Me } from '../auth/useSession';
import { DisbursementStatusBadge, DisbursementStatusHelp } from '../city/awards/DisbursementStatus';
import { Money } from '../city/awards/Money';
import { localized } from '../city/awards/text';
import { CityHoldNotice } from '../city/awards/settlement/AwardHolds';
import { PageLoader, ProblemAlert } from '../ui/States';
import { type Disbursement, useAwardOf, useDisbursement } from './api';
import { ApprovalPanel } from './disbursements/ApprovalPanel';
import { CancelButton } from './disbursements/CancelButton';
import { History } from './disbursements/History';
import { PaidInto } from './disbursements/PaidInto';
import { RequestForm } from './disbursements/RequestForm';
import { SettleForm } from './disbursements/SettleForm';
import { FinanceOnly } from './parts/FinanceOnly';
import { Detail } from '../ui/Detail';

/** One payout: what it pays, where it stands, its history, and the next step of the user's role. */
export function Component() {
  const { t } = useTranslation('finance');
  const { id = '' } = useParams();
  return (
    <FinanceOnly heading={t('finance:disbursement.heading')}>
      {(me) => <PayoutPage id={id} me={me} />}
    </FinanceOnly>
  );
}

function BackLink() {
  const { t } = useTranslation('finance');
  return (
    <Anchor component={Link} to="/finance/disbursements" size="sm" w="fit-content">
      {t('finance:disbursement.back')}
    </Anchor>
  );
}

function PayoutPage({ id, me }: { id: string; me: Me }) {
  const { t } = useTranslation('finance');
  const payout = useDisbursement(id);
  if (payout.isPending) return <PageLoader />;
  if (!payout.data) {
    return (
      <Stack>
        <BackLink />
        <Title order={2}>{t('finance:disbursement.heading')}</Title>
        <ProblemAlert error={payout.error} onRetry={() => void payout.refetch()} />
      </Stack>
    );
  }
  return <PayoutView payout={payout.data} me={me} />;
}

function PayoutView({ payout, me }: { payout: Disbursement; me: Me }) {
  const { t, i18n } = useTranslation(['finance', 'awards', 'common']);
  const award = useAwardOf(payout.awardId);
  // After an action its form is gone: the keyboard focus goes to the status it changed.
  const status = useRef<HTMLHeadingElement>(null);
  const [moved, setMoved] = useState<ApiProblem | null>(null);
  const actionProps = {
    payout,
    onDone: () => {
      setMoved(null);
      status.current?.focus();
    },
    onMoved: (problem: ApiProblem) => {
      setMoved(problem);
      status.current?.focus();
    },
  };
  const title = award.data ? localized(award.data.applicationTitle, i18n.language) : '';
  const officer = me.role === 'finance_officer';
  const cancellable = ['on_hold', 'scheduled', 'pending_approval', 'approved'].includes(
    payout.status,
  );

  return (
    <Stack gap="lg">
      <div>
        <BackLink />
        <Title order={2} mt="xs">
          {t('finance:disbursement.heading')}:{' '}
          {t('awards:payouts.trancheName', { n: payout.trancheIndex + 1, key: payout.tranche })}
        </Title>
        {title && (
          <Text c="dimmed" mt={4}>
            {title}
          </Text>
        )}
      </div>
      <ProblemAlert
        error={moved}
        explain={{ invalid_state: 'finance:disbursement.refused.invalid_state' }}
      />
      {award.data && !['sent', 'paid', 'cancelled'].includes(payout.status) && (
        <CityHoldNotice
          cityId={payout.side === 'US' ? award.data.usCityId : award.data.jpCityId}
          awardId={payout.awardId}
        />
      )}
      <section aria-labelledby="payout-status">
        <Title order={3} id="payout-status" mb="sm" tabIndex={-1} ref={status}>
          {t('finance:disbursement.status')}
        </Title>
        <Stack gap="xs" mb="md" align="flex-start">
          <DisbursementStatusBadge status={payout.status} />
          <DisbursementStatusHelp disbursement={payout} />
        </Stack>
        <DataList size="sm" gap={6} labelWidth="12rem">
          <Detail label={t('finance:disbursement.openAward')}>
            {title || (award.isError ? t('awards:untitled') : '…')}
          </Detail>
          <Detail label={t('finance:disbursement.side')}>{t(`common:sides.${payout.side}`)}</Detail>
          <Detail label={t('finance:disbursement.currency')}>
            {t(`awards:currency.${payout.currency}`)}
          </Detail>
          <Detail label={t('finance:disbursement.amount')}>
            <Text span fw={600}>
              <Money minor={payout.amountMinor} currency={payout.currency} />
            </Text>
          </Detail>
          <Detail label={t('finance:disbursement.release')}>
            {t(`awards:release.${payout.releaseOn}`)}
          </Detail>
          {payout.payeeAccountId && (
            <Detail label={t('finance:disbursement.account')}>
              <PaidInto accountId={payout.payeeAccountId} />
            </Detail>
          )}
          {payout.status === 'pending_approval' && (
            <Detail label={t('finance:disbursement.approvals')}>
              {t('finance:disbursement.approvalsCount', {
                count: payout.approvals.length,
                required: payout.approvalsRequired,
              })}
              {payout.approvalsRequired > 1 && (
                <Text size="xs" c="dimmed">
                  {t('finance:disbursement.dualNote')}
                </Text>
              )}
            </Detail>
          )}
        </DataList>
      </section>
      {officer && ['scheduled', 'failed'].includes(payout.status) && award.data && (
        <RequestForm {...actionProps} award={award.data} />
      )}
      {officer && payout.status === 'sent' && <SettleForm {...actionProps} />}
      {me.role === 'finance_approver' && payout.status === 'pending_approval' && (
        <ApprovalPanel {...actionProps} me={me} />
      )}
      <History payout={payout} me={me} />
      {officer && cancellable && <CancelButton {...actionProps} />}
    </Stack>
  );
}
