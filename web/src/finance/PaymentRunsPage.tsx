import { Button, Center, Divider, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { isRunning, keys, LIVE, PAGE_SIZE, POLL_MS } from './api';
import { FinanceOnly } from './parts/FinanceOnly';
import { CreateRunForm } from './runs/CreateRunForm';
import { RunsTable } from './runs/RunsTable';

/** The payment runs, newest first; a finance officer starts one here. */
export function Component() {
  const { t } = useTranslation('finance');
  return (
    <FinanceOnly heading={t('finance:runs.title')}>
      {(me) => <PaymentRuns canCreate={me.role === 'finance_officer'} />}
    </FinanceOnly>
  );
}

function PaymentRuns({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation(['finance', 'common']);
  const runs = useInfiniteQuery({
    queryKey: keys.runs,
    ...LIVE,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/payment-runs', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // A run still with the worker is followed until it finishes.
    refetchInterval: (query) =>
      query.state.data?.pages[0]?.data.some(isRunning) ? POLL_MS : false,
  });
  const rows = runs.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('finance:runs.title')}</Title>
        <Text mt="xs" c="dimmed">
          {t('finance:runs.intro')}
        </Text>
      </div>
      {canCreate && (
        <>
          <CreateRunForm />
          <Divider />
        </>
      )}
      <div>
        {runs.isPending ? (
          <PageLoader />
        ) : !runs.data ? (
          <ProblemAlert error={runs.error} onRetry={() => void runs.refetch()} />
        ) : rows.length ? (
          <RunsTable runs={rows} />
        ) : (
          <Empty>{t('finance:runs.none')}</Empty>
        )}
        {runs.isFetchNextPageError && <ProblemAlert error={runs.error} />}
        {runs.hasNextPage && (
          <Center mt="md">
            <Button
              variant="default"
              loading={runs.isFetchingNextPage}
              onClick={() => void runs.fetchNextPage()}
            >
              {t('common:more')}
            </Button>
          </Center>
        )}
      </div>
    </Stack>
  );
}
