import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { keys, LIVE, PAGE_SIZE } from './api';
import { FinanceOnly } from './parts/FinanceOnly';
import { PayeeQueueTable } from './payees/PayeeQueueTable';

/** The finance office's queue: payee accounts nobody has verified yet, oldest entries last. */
export function Component() {
  const { t } = useTranslation(['finance', 'common']);
  return (
    <FinanceOnly heading={t('finance:payees.title')}>
      {(me) => <PayeeQueue canVerify={me.role === 'finance_officer'} />}
    </FinanceOnly>
  );
}

function PayeeQueue({ canVerify }: { canVerify: boolean }) {
  const { t } = useTranslation(['finance', 'common']);
  const accounts = useInfiniteQuery({
    queryKey: keys.payeeQueue,
    ...LIVE,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/payee-accounts', {
          params: { query: { status: 'unverified', limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = accounts.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('finance:payees.title')}</Title>
        <Text mt="xs" c="dimmed">
          {t('finance:payees.intro')}
        </Text>
        <Text mt="xs" size="sm" c="dimmed">
          {t('finance:payees.reject')}
        </Text>
      </div>
      <div>
        {accounts.isPending ? (
          <PageLoader />
        ) : !accounts.data ? (
          <ProblemAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : rows.length ? (
          <PayeeQueueTable accounts={rows} canVerify={canVerify} />
        ) : (
          <Empty>{t('finance:payees.none')}</Empty>
        )}
        {accounts.isFetchNextPageError && <ProblemAlert error={accounts.error} />}
        {accounts.hasNextPage && (
          <Center mt="md">
            <Button
              variant="default"
              loading={accounts.isFetchingNextPage}
              onClick={() => void accounts.fetchNextPage()}
            >
              {t('common:more')}
            </Button>
          </Center>
        )}
      </div>
    </Stack>
  );
}
