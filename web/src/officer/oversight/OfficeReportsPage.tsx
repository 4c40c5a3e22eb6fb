import { Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { BusyButton } from '../../ui/BusyButton';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { REPORT_READERS } from './access';
import { OfficeOnly } from './OfficeOnly';
import { OfficeReportsTable } from './OfficeReportsTable';
import { useOfficeReports, type ReportFilter } from './queries';
import { ALL, filterOf, ReportFilters } from './ReportFilters';

export function Component() {
  const { t } = useTranslation('oversight');
  return (
    <Stack>
      <Title order={2}>{t('oversight:reports.title')}</Title>
      <Text c="dimmed">{t('oversight:reports.intro')}</Text>
      <OfficeOnly roles={REPORT_READERS}>
        <Reports />
      </OfficeOnly>
    </Stack>
  );
}

function Reports() {
  const { t } = useTranslation(['oversight', 'common']);
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const pages = useOfficeReports(filter);
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];

  // The filter lives in the address: a report opened from the list comes back to the same list.
  const change = (next: ReportFilter) =>
    setParams(
      {
        status: next.status ?? ALL,
        ...(next.overdue ? { overdue: 'true' } : {}),
      },
      { replace: true },
    );

  return (
    <>
      <ReportFilters filter={filter} onChange={change} />
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>
          {t(
            filter.status === 'submitted'
              ? 'oversight:reports.noneAwaiting'
              : 'oversight:reports.none',
          )}
        </Empty>
      ) : (
        <>
          <OfficeReportsTable reports={rows} />
          {pages.isFetchNextPageError && <ProblemAlert error={pages.error} />}
          {pages.hasNextPage && (
            <Group>
              <BusyButton
                variant="default"
                busy={pages.isFetchingNextPage}
                onClick={() => {
                  if (!pages.isFetchingNextPage) void pages.fetchNextPage();
                }}
              >
                {t('common:more')}
              </BusyButton>
            </Group>
          )}
        </>
      )}
    </>
  );
}
