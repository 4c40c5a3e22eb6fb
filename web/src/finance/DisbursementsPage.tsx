import { Button, Center, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { DISBURSEMENT_STATUSES, type DisbursementStatus, keys, LIVE, PAGE_SIZE } from './api';
import { FinanceOnly } from './parts/FinanceOnly';
import { PayoutsTable } from './disbursements/PayoutsTable';

/** `?status=` as a status the API knows, else none (all statuses). */
const statusOf = (value: string | null): DisbursementStatus | null =>
  DISBURSEMENT_STATUSES.find((status) => status === value) ?? null;

/** Every payout, filtered by status; the filter lives in the URL so a view can be linked. */
export function Component() {
  const { t } = useTranslation('finance');
  return <FinanceOnly heading={t('finance:disbursements.title')}>{() => <Payouts />}</FinanceOnly>;
}

function Payouts() {
  const { t } = useTranslation(['finance', 'awards', 'common']);
  const [params, setParams] = useSearchParams();
  const status = statusOf(params.get('status'));
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
      <NativeSelect
        label={t('finance:disbursements.filter')}
        w={280}
        value={status ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setParams(value ? { status: value } : {});
        }}
        data={[
          { value: '', label: t('finance:disbursements.all') },
          ...DISBURSEMENT_STATUSES.map((s) => ({ value: s, label: t(`awards:status.${s}`) })),
        ]}
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
