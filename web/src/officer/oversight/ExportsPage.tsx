import { Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/useSession';
import { BusyButton } from '../../ui/BusyButton';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { EXPORT_READERS, EXPORT_REQUESTERS, may } from './access';
import { ExportForm } from './ExportForm';
import { ExportsTable } from './ExportsTable';
import { OfficeOnly } from './OfficeOnly';
import { useExports } from './queries';

export function Component() {
  const { t } = useTranslation('oversight');
  const me = useMe().data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('oversight:exports.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('oversight:exports.intro')}
        </Text>
      </div>
      <OfficeOnly roles={EXPORT_READERS}>
        {may(EXPORT_REQUESTERS, me) && <ExportForm />}
        <Exports />
      </OfficeOnly>
    </Stack>
  );
}

function Exports() {
  const { t } = useTranslation(['oversight', 'common']);
  const pages = useExports();
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section aria-labelledby="exports-list">
      <Title order={3} id="exports-list" mb="sm">
        {t('oversight:exports.listTitle')}
      </Title>
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('oversight:exports.none')}</Empty>
      ) : (
        <Stack>
          {/* A poll that failed keeps the last rows and says so (the next poll may succeed). */}
          {pages.isRefetchError && <ProblemAlert error={pages.error} />}
          <ExportsTable rows={rows} />
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
        </Stack>
      )}
    </section>
  );
}
