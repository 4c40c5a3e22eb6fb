import { Alert, Button, Center, Divider, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { useMe } from '../auth/useSession';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { useMyCity } from './awards/queries';
import { PayeeAccountForm } from './payees/PayeeAccountForm';
import { PayeeAccountsTable } from './payees/PayeeAccountsTable';
import { SavedAccount } from './payees/SavedAccount';

const PAGE_SIZE = 50;

export function Component() {
  const { t } = useTranslation(['payees', 'common']);
  const cityId = useMe().data?.cityId ?? null;
  const city = useMyCity();
  const [saved, setSaved] = useState<{
    account: Schemas['PayeeAccountResponse'];
    typedName: string;
  } | null>(null);
  const accounts = useInfiniteQuery({
    queryKey: ['payee-accounts'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/payee-accounts', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = accounts.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('payees:title')}</Title>
        <Text mt="xs" c="dimmed">
          {t('payees:intro')}
        </Text>
      </div>
      {saved && (
        <SavedAccount
          account={saved.account}
          typedName={saved.typedName}
          onClose={() => setSaved(null)}
        />
      )}
      <div>
        {accounts.isPending ? (
          <PageLoader />
        ) : !accounts.data ? (
          <ProblemAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : rows.length ? (
          <PayeeAccountsTable accounts={rows} />
        ) : (
          <Empty>{t('payees:none')}</Empty>
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
      <Divider />
      {cityId && city.isPending ? (
        <PageLoader />
      ) : cityId ? (
        <PayeeAccountForm
          cityId={cityId}
          defaultRail={city.data?.country === 'US' ? 'ach' : 'zengin'}
          onSaved={(account, typedName) => {
            setSaved({ account, typedName });
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      ) : (
        <Alert color="gray" role="note">
          {t('payees:noCity')}
        </Alert>
      )}
    </Stack>
  );
}
