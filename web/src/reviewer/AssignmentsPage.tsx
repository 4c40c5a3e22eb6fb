import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { pick } from './Bilingual';
import { BusyButton } from '../ui/BusyButton';
import { DEVICE_TIME_ZONE, formatInstant } from '../time';
import { keys, listAssignments } from './reviewApi';
import { StatusBadge } from './StatusBadge';

type Row = Schemas['AssignmentResponse'];

export function Component() {
  const { t } = useTranslation(['reviews', 'common']);
  const pages = useInfiniteQuery({
    queryKey: keys.list,
    queryFn: ({ pageParam }) => listAssignments(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack>
      <Title order={2}>{t('reviews:list.title')}</Title>
      <Text c="dimmed">{t('reviews:list.intro')}</Text>
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('reviews:list.empty')}</Empty>
      ) : (
        <>
          <AssignmentTable rows={rows} />
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
    </Stack>
  );
}

function AssignmentTable({ rows }: { rows: Row[] }) {
  const { t, i18n } = useTranslation(['reviews', 'common']);
  const when = (iso: string) => formatInstant(iso, DEVICE_TIME_ZONE, i18n.language);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('reviews:list.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reviews:list.application')}</Table.Th>
            <Table.Th scope="col">{t('reviews:list.status')}</Table.Th>
            <Table.Th scope="col">{t('reviews:list.assigned')}</Table.Th>
            <Table.Th scope="col">{t('reviews:list.submitted')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                <ApplicationLink row={row} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td>{when(row.assignedAt)}</Table.Td>
              <Table.Td>
                {row.submittedAt
                  ? when(row.submittedAt)
                  : row.status === 'declined'
                    ? '—'
                    : t('reviews:list.notSubmitted')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ApplicationLink({ row }: { row: Row }) {
  const { i18n } = useTranslation('reviews');
  const title = pick(row.applicationTitle, i18n.language);
  return (
    <>
      <Anchor component={Link} to={`/assignments/${row.id}`} fw={500} lang={title.lang}>
        {title.text}
      </Anchor>
      {title.other && (
        <Text size="sm" c="dimmed" lang={title.otherLang}>
          {title.other}
        </Text>
      )}
    </>
  );
}
