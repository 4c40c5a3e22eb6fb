import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { pickText } from '../../city/applications/names';
import { Money } from '../../city/awards/Money';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { keys, listRounds, type Round, type RoundStatus, STATUSES, useManagesRounds } from './data';
import { RoundStatusBadge } from './StatusBadge';
import { usZonesOf, Zones } from './Zones';

const asStatus = (value: string | null): RoundStatus | null =>
  STATUSES.find((s) => s === value) ?? null;

/** The rounds, latest window first, filtered by status (kept in the address, so it can be shared). */
export function Component() {
  const { t } = useTranslation(['rounds', 'common']);
  const manages = useManagesRounds();
  const [params, setParams] = useSearchParams();
  const status = asStatus(params.get('status'));
  const pages = useInfiniteQuery({
    queryKey: keys.list(status),
    queryFn: ({ pageParam }) => listRounds(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];

  const filter = (value: string) => setParams(value ? { status: value } : {}, { replace: true });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('rounds:list.title')}</Title>
        {manages && (
          <Button component={Link} to="/rounds/new">
            {t('rounds:list.new')}
          </Button>
        )}
      </Group>
      <Text c="dimmed">{t('rounds:list.intro')}</Text>
      <NativeSelect
        label={t('rounds:list.filter')}
        value={status ?? ''}
        onChange={(event) => filter(event.currentTarget.value)}
        data={[
          { value: '', label: t('rounds:list.allStatuses') },
          ...STATUSES.map((s) => ({ value: s, label: t(`rounds:status.${s}`) })),
        ]}
        w={280}
      />
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{status ? t('rounds:list.emptyFiltered') : t('rounds:list.empty')}</Empty>
      ) : (
        <>
          <RoundsTable rows={rows} />
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

function RoundsTable({ rows }: { rows: Round[] }) {
  const { t } = useTranslation(['rounds']);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('rounds:list.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('rounds:list.round')}</Table.Th>
            <Table.Th scope="col">{t('rounds:list.status')}</Table.Th>
            <Table.Th scope="col">{t('rounds:list.opensAt')}</Table.Th>
            <Table.Th scope="col">{t('rounds:list.closesAt')}</Table.Th>
            <Table.Th scope="col">{t('rounds:list.budgets')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((round) => (
            <Row key={round.id} round={round} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Row({ round }: { round: Round }) {
  const { t, i18n } = useTranslation(['rounds']);
  const title = pickText(round.title, i18n.language);
  const usZones = usZonesOf(round.schedule.closesAt);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/rounds/${round.id}`} fw={500} lang={title.lang}>
          {title.text || round.code}
        </Anchor>
        <Text size="xs" c="dimmed">
          {round.code}
        </Text>
      </Table.Td>
      <Table.Td>
        <RoundStatusBadge status={round.status} />
      </Table.Td>
      <Table.Td>
        <Zones iso={round.opensAt} usZones={usZones} size="xs" />
      </Table.Td>
      <Table.Td>
        <Zones iso={round.closesAt} usZones={usZones} size="xs" />
      </Table.Td>
      <Table.Td>
        {round.budgets.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('rounds:list.noBudget')}
          </Text>
        ) : (
          <Stack gap={0}>
            {round.budgets.map((budget) => (
              <Text key={budget.currency} size="sm">
                <Money minor={budget.amountMinor} currency={budget.currency} />
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
