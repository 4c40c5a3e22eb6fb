import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../auth/useSession';
import { formatInstant } from '../time';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import {
  type ApplicationListItem,
  type ApplicationStatus,
  keys,
  listApplications,
  type Partnership,
  type Round,
  STATUSES,
  usePartnerships,
  useRounds,
} from './applications/data';
import { cityName, ownTimeZone, partnerOf, pickText } from './applications/names';
import { NextStep, StatusBadge } from './applications/StatusBadge';

const asStatus = (value: string | null): ApplicationStatus | null =>
  STATUSES.find((s) => s === value) ?? null;

export function Component() {
  const { t } = useTranslation(['applications', 'common']);
  const [params, setParams] = useSearchParams();
  const status = asStatus(params.get('status'));
  const pages = useInfiniteQuery({
    queryKey: keys.applications(status),
    queryFn: ({ pageParam }) => listApplications(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];

  const filter = (value: string) => setParams(value ? { status: value } : {}, { replace: true });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('applications:list.title')}</Title>
        <Button component={Link} to="/applications/new">
          {t('applications:list.new')}
        </Button>
      </Group>
      <Text c="dimmed">{t('applications:list.intro')}</Text>
      <NativeSelect
        label={t('applications:list.filter')}
        value={status ?? ''}
        onChange={(event) => filter(event.currentTarget.value)}
        data={[
          { value: '', label: t('applications:list.allStatuses') },
          ...STATUSES.map((s) => ({ value: s, label: t(`applications:status.${s}`) })),
        ]}
        w={280}
      />
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>
          {status ? t('applications:list.emptyFiltered') : t('applications:list.empty')}
        </Empty>
      ) : (
        <>
          <ApplicationTable rows={rows} />
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

function ApplicationTable({ rows }: { rows: ApplicationListItem[] }) {
  const { t } = useTranslation(['applications', 'common']);
  const partnerships = new Map((usePartnerships().data ?? []).map((p) => [p.id, p]));
  const rounds = new Map((useRounds().data ?? []).map((r) => [r.id, r]));
  const cityId = useMe().data?.cityId;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="sm"
        aria-label={t('applications:list.caption')}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('applications:list.application')}</Table.Th>
            <Table.Th scope="col">{t('applications:list.partner')}</Table.Th>
            <Table.Th scope="col">{t('applications:list.round')}</Table.Th>
            <Table.Th scope="col">{t('applications:list.status')}</Table.Th>
            <Table.Th scope="col">{t('applications:list.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Row
              key={row.id}
              row={row}
              partnership={partnerships.get(row.partnershipId)}
              round={rounds.get(row.roundId)}
              cityId={cityId}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Row({
  row,
  partnership,
  round,
  cityId,
}: {
  row: ApplicationListItem;
  partnership?: Partnership;
  round?: Round;
  cityId?: string | null;
}) {
  const { t, i18n } = useTranslation(['applications']);
  const title = pickText(row.title, i18n.language);
  const partner = partnership ? partnerOf(partnership, cityId) : null;
  const roundTitle = round ? pickText(round.title, i18n.language) : null;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/applications/${row.id}`} fw={500} lang={title.lang}>
          {title.text || t('applications:untitled')}
        </Anchor>
      </Table.Td>
      <Table.Td>{partner ? cityName(partner, i18n.language) : '—'}</Table.Td>
      <Table.Td>
        {roundTitle ? <span lang={roundTitle.lang}>{roundTitle.text}</span> : '—'}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={row.status} />
        <NextStep status={row.status} />
      </Table.Td>
      <Table.Td>
        {formatInstant(row.updatedAt, ownTimeZone(partnership, cityId), i18n.language)}
      </Table.Td>
    </Table.Tr>
  );
}
