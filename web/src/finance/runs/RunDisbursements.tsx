import { Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { keys, LIVE, type PaymentRun } from '../api';
import { PayoutsTable } from '../disbursements/PayoutsTable';

/** A run holds at most this many payouts on its page (the API's page limit). */
const MAX = 200;

/** The payouts the run sent, each opening its page (where it is settled). */
export function RunDisbursements({ run }: { run: PaymentRun }) {
  const { t } = useTranslation('finance');
  const payouts = useQuery({
    queryKey: keys.runDisbursements(run.id),
    ...LIVE,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/disbursements', {
          params: { query: { paymentRunId: run.id, limit: MAX } },
        }),
      ),
  });
  return (
    <section aria-labelledby="run-payouts">
      <Title order={3} id="run-payouts" mb="sm">
        {t('finance:run.disbursements')}
      </Title>
      {payouts.isPending ? (
        <PageLoader />
      ) : !payouts.data ? (
        <ProblemAlert error={payouts.error} onRetry={() => void payouts.refetch()} />
      ) : payouts.data.data.length ? (
        <PayoutsTable payouts={payouts.data.data} caption={t('finance:run.disbursementsCaption')} />
      ) : (
        <Empty>{t('finance:run.noDisbursements')}</Empty>
      )}
    </section>
  );
}
