import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { StatusFilter, useStatusParam } from '../ui/StatusFilter';
import { DISBURSEMENT_STATUSES, keys, LIVE, PAGE_SIZE } from './api';
import { FinanceOnly } from './parts/FinanceOnly';
import { PayoutsTable } from './disbursements/PayoutsTable';

/** Every payout, filtered by status; the filter lives in the URL so a view can be linked. */
export function Component() {
  const { t } = useTranslation('finance');
  return <FinanceOnly heading={t('finance:disbursements.title')}>{() => <Payouts />}</FinanceOnly>;
}

function Payouts() {
  const { t } = useTranslation(['finance', 'awards', 'common']);
  const [status, setStatus] = useStatusParam(DISBURSEMENT_STATUSES);
  const payouts = useInfiniteQuery({
    queryKey: keys.disbursementList(status),
    ...LIVE,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/disbursements', {
          params: {
            query: { status: status ?? undefined, limit: PAGE_SIZE, cursor: pageParam },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = payouts.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('finance:disbursements.title')}</Title>
        <Text mt="xs" c="dimmed">
          {t('finance:disbursements.intro')}
        </Text>
      </div>
      <StatusFilter
        label={t('finance:disbursements.filter')}
        allLabel={t('finance:disbursements.all')}
        statuses={DISBURSEMENT_STATUSES}
        labelOf={(s) => t(`awards:status.${s}`)}
        value={status}
        onChange={setStatus}
      />
      <div>
        {payouts.isPending ? (
          <PageLoader />
        ) : !payouts.data ? (
          <ProblemAlert error={payouts.error} onRetry={() => void payouts.refetch()} />
        ) : rows.length ? (
          <PayoutsTable payouts={rows} caption={t('finance:disbursements.caption')} />
        ) : (
          <Empty>{t('finance:disbursements.none')}</Empty>
        )}
        {payouts.isFetchNextPageError && <ProblemAlert error={payouts.error} />}
        {payouts.hasNextPage && (
          <Center mt="md">
            <Button
              variant="default"
              loading={payouts.isFetchingNextPage}
              onClick={() => void payouts.fetchNextPage()}
            >
              {t('common:more')}
            </Button>
          </Center>
        )}
      </div>
    </Stack>
  );
}
