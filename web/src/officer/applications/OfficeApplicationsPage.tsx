import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type ApplicationStatus,
  type Partnership,
  type Round,
  STATUSES,
  usePartnerships,
} from '../../city/applications/data';
import { cityName, pickText } from '../../city/applications/names';
import { StatusBadge } from '../../city/applications/StatusBadge';
import { formatInstant, JAPAN_TIME_ZONE } from '../../time';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { AutoAssign } from './AutoAssign';
import {
  FILTER_NAMES,
  type Filters,
  keys,
  listApplications,
  type ListItem,
  useAllRounds,
  useCities,
} from './data';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters the URL carries; a malformed one is dropped rather than sent to be refused. */
function filtersOf(params: URLSearchParams): Filters {
  const uuid = (name: string) => {
    const value = params.get(name);
    return value && UUID.test(value) ? value : undefined;
  };
  const status = STATUSES.find((s) => s === params.get('status'));
  return {
    ...(uuid('roundId') ? { roundId: uuid('roundId') } : {}),
    ...(status ? { status } : {}),
    ...(uuid('cityId') ? { cityId: uuid('cityId') } : {}),
    ...(uuid('partnershipId') ? { partnershipId: uuid('partnershipId') } : {}),
  };
}

export function Component() {
  const { t, i18n } = useTranslation(['decisions', 'applications', 'common']);
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const rounds = useAllRounds();
  const cities = useCities();
  const partnerships = usePartnerships();
  const pages = useInfiniteQuery({
    queryKey: keys.list(filters),
    queryFn: ({ pageParam }) => listApplications(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = Object.keys(filters).length > 0;
  const round = rounds.data?.find((r) => r.id === filters.roundId);

  const setFilter = (name: (typeof FILTER_NAMES)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const language = i18n.language;

  return (
    <Stack>
      <Title order={2}>{t('decisions:list.title')}</Title>
      <Text c="dimmed">{t('decisions:list.intro')}</Text>

      <Paper withBorder p="md" component="section" aria-label={t('decisions:list.filters')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <NativeSelect
            label={t('decisions:list.round')}
            value={filters.roundId ?? ''}
            onChange={(event) => setFilter('roundId', event.currentTarget.value)}
            data={[
              { value: '', label: t('decisions:list.allRounds') },
              ...(rounds.data ?? []).map((r) => ({
                value: r.id,
                label: `${pickText(r.title, language).text} (${r.code})`,
              })),
            ]}
          />
          <NativeSelect
            label={t('decisions:list.status')}
            value={filters.status ?? ''}
            onChange={(event) => setFilter('status', event.currentTarget.value)}
            data={[
              { value: '', label: t('decisions:list.allStatuses') },
              ...STATUSES.map((s) => ({ value: s, label: t(`applications:status.${s}`) })),
            ]}
          />
          <NativeSelect
            label={t('decisions:list.city')}
            value={filters.cityId ?? ''}
            onChange={(event) => setFilter('cityId', event.currentTarget.value)}
            data={[
              { value: '', label: t('decisions:list.allCities') },
              ...(cities.data ?? [])
                .map((c) => ({ value: c.id, label: cityName(c, language) }))
                .sort((a, b) => a.label.localeCompare(b.label, language)),
            ]}
          />
          <NativeSelect
            label={t('decisions:list.partnership')}
            value={filters.partnershipId ?? ''}
            onChange={(event) => setFilter('partnershipId', event.currentTarget.value)}
            data={[
              { value: '', label: t('decisions:list.allPartnerships') },
              ...(partnerships.data ?? []).map((p) => ({
                value: p.id,
                label: partnershipName(p, language),
              })),
            ]}
          />
        </SimpleGrid>
        {filtered && (
          <Button variant="subtle" mt="sm" onClick={() => setParams({}, { replace: true })}>
            {t('decisions:list.clear')}
          </Button>
        )}
      </Paper>

      {round && <RoundTools round={round} />}

      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{filtered ? t('decisions:list.emptyFiltered') : t('decisions:list.empty')}</Empty>
      ) : (
        <>
          <ApplicationTable
            rows={rows}
            partnerships={partnerships.data}
            rounds={rounds.data}
            language={language}
          />
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('decisions:list.shown', { count: rows.length })}
          </Text>
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

export const partnershipName = (p: Partnership, language: string) =>
  `${cityName(p.jpCity, language)} – ${cityName(p.usCity, language)}`;

/** With one round filtered: its ranking, its page and staffing all its applications at once. */
function RoundTools({ round }: { round: Round }) {
  const { t } = useTranslation(['decisions']);
  return (
    <Paper withBorder p="md" bg="gray.0">
      <Stack gap="sm">
        <Group>
          <Anchor component={Link} to={`/rounds/${round.id}/ranking`}>
            {t('decisions:list.ranking')}
          </Anchor>
          <Anchor component={Link} to={`/rounds/${round.id}`}>
            {t('decisions:list.roundPage')}
          </Anchor>
        </Group>
        <AutoAssign round={round} />
      </Stack>
    </Paper>
  );
}

function ApplicationTable({
  rows,
  partnerships,
  rounds,
  language,
}: {
  rows: ListItem[];
  partnerships?: Partnership[];
  rounds?: Round[];
  language: string;
}) {
  const { t } = useTranslation(['decisions', 'applications']);
  const byId = new Map((partnerships ?? []).map((p) => [p.id, p]));
  const roundById = new Map((rounds ?? []).map((r) => [r.id, r]));
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('decisions:list.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('decisions:list.application')}</Table.Th>
            <Table.Th scope="col">{t('decisions:list.cities')}</Table.Th>
            <Table.Th scope="col">{t('decisions:list.round')}</Table.Th>
            <Table.Th scope="col">{t('decisions:list.status')}</Table.Th>
            <Table.Th scope="col">{t('decisions:list.submitted')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const title = pickText(row.title, language);
            const partnership = byId.get(row.partnershipId);
            const round = roundById.get(row.roundId);
            const roundTitle = round ? pickText(round.title, language) : null;
            return (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/office/applications/${row.id}`}
                    fw={500}
                    lang={title.lang}
                  >
                    {title.text || t('applications:untitled')}
                  </Anchor>
                </Table.Td>
                <Table.Td>{partnership ? partnershipName(partnership, language) : '—'}</Table.Td>
                <Table.Td>
                  {roundTitle ? <span lang={roundTitle.lang}>{roundTitle.text}</span> : '—'}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={row.status as ApplicationStatus} />
                </Table.Td>
                <Table.Td>
                  {row.submittedAt
                    ? formatInstant(row.submittedAt, JAPAN_TIME_ZONE, language)
                    : t('decisions:list.notSubmitted')}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
