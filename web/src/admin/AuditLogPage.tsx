import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { AuditFilterForm } from './audit/AuditFilterForm';
import { AuditTable } from './audit/AuditTable';
import { ChainStatus } from './audit/ChainStatus';
import { filtersOf, paramsOf, queryOf } from './audit/filters';
import { keys } from './data';

const PAGE_SIZE = 50;

/** The audit trail (auditor, admin): filtered from the URL, newest first, keyset-paged. */
export function Component() {
  const { t } = useTranslation(['administration', 'common']);
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const query = queryOf(filters);
  const filtered = Object.values(paramsOf(filters)).length > 0;
  const pages = useInfiniteQuery({
    queryKey: [...keys.audit, query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/audit-events', {
          params: { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const events = pages.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack>
      <div>
        <Title order={2}>{t('administration:audit.title')}</Title>
        <Text mt="xs" c="dimmed">
          {t('administration:audit.intro')}
        </Text>
      </div>
      <ChainStatus />
      <AuditFilterForm
        applied={filters}
        onApply={(next) => setParams(paramsOf(next), { replace: false })}
      />
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : events.length === 0 ? (
        <Empty>
          {filtered ? t('administration:audit.emptyFiltered') : t('administration:audit.empty')}
        </Empty>
      ) : (
        <>
          <AuditTable events={events} />
          {pages.isFetchNextPageError && <ProblemAlert error={pages.error} />}
          {pages.hasNextPage && (
            <Group>
              <Button
                variant="light"
                loading={pages.isFetchingNextPage}
                onClick={() => void pages.fetchNextPage()}
              >
                {t('common:more')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
