import { Button, Center, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { AwardRow } from './awards/AwardRow';
import { ScrollTable } from './awards/ScrollTable';

const PAGE_SIZE = 20;

export function Component() {
  const { t } = useTranslation(['awards', 'common']);
  const awards = useInfiniteQuery({
    queryKey: ['awards', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/awards', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = awards.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <Title order={2}>{t('awards:title')}</Title>
      <Text mt="xs" mb="md" c="dimmed">
        {t('awards:intro')}
      </Text>
      {awards.isPending ? (
        <PageLoader />
      ) : !awards.data ? (
        <ProblemAlert error={awards.error} onRetry={() => void awards.refetch()} />
      ) : !rows.length ? (
        <Empty>{t('awards:none')}</Empty>
      ) : (
        <ScrollTable label={t('awards:caption')} minWidth={760}>
          <Table striped highlightOnHover withTableBorder verticalSpacing="sm" captionSide="top">
            <Table.Caption>{t('awards:caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('awards:project')}</Table.Th>
                <Table.Th scope="col">{t('awards:awardPerSide')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('awards:paid')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('awards:remaining')}
                </Table.Th>
                <Table.Th scope="col">{t('awards:decidedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((award) => (
                <AwardRow key={award.id} award={award} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {awards.isFetchNextPageError && <ProblemAlert error={awards.error} />}
      {awards.hasNextPage && (
        <Center mt="md">
          <Button
            variant="default"
            loading={awards.isFetchingNextPage}
            onClick={() => void awards.fetchNextPage()}
          >
            {t('common:more')}
          </Button>
        </Center>
      )}
    </>
  );
}
