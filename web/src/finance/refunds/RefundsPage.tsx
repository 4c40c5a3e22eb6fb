import { Alert, Anchor, Button, Center, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/useSession';
import { Money } from '../../city/awards/Money';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { keys, REFUND_STATUSES, type Refund } from '../../city/awards/settlement/queries';
import { RefundStatusBadge } from '../../city/awards/settlement/RefundPanel';
import { localized } from '../../city/awards/text';
import { formatDate } from '../../time';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { StatusFilter, useStatusParam } from '../../ui/StatusFilter';
import { PAGE_SIZE, useAwardOf } from '../api';
import { CityName } from '../parts/CityName';

/** Finance records refunds, the program office waives them, the auditor and admin read them. */
const READERS = ['finance_officer', 'finance_approver', 'program_officer', 'admin', 'auditor'];

/** Every refund (返還), filtered by status in the URL; each opens its award, where it is acted on. */
export function Component() {
  const { t } = useTranslation(['settlement', 'finance']);
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data && READERS.includes(me.data.role)) return <Refunds />;
  return (
    <Stack>
      <Title order={2}>{t('settlement:refunds.title')}</Title>
      <Alert color="gray" role="alert" title={t('finance:financeOnly.title')}>
        <Text size="sm">{t('finance:financeOnly.body')}</Text>
      </Alert>
    </Stack>
  );
}

function Refunds() {
  const { t } = useTranslation(['settlement', 'common']);
  const [status, setStatus] = useStatusParam(REFUND_STATUSES);
  const refunds = useInfiniteQuery({
    queryKey: keys.refundList(status),
    staleTime: 0,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/refunds', {
          params: { query: { status: status ?? undefined, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = refunds.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('settlement:refunds.title')}</Title>
        <Text mt="xs" c="dimmed">
          {t('settlement:refunds.intro')}
        </Text>
      </div>
      <StatusFilter
        label={t('settlement:refunds.filter')}
        allLabel={t('settlement:refunds.all')}
        statuses={REFUND_STATUSES}
        labelOf={(s) => t(`settlement:refund.statuses.${s}`)}
        value={status}
        onChange={setStatus}
      />
      <div>
        {refunds.isPending ? (
          <PageLoader />
        ) : !refunds.data ? (
          <ProblemAlert error={refunds.error} onRetry={() => void refunds.refetch()} />
        ) : rows.length ? (
          <RefundsTable refunds={rows} />
        ) : (
          <Empty>{t('settlement:refunds.none')}</Empty>
        )}
        {refunds.isFetchNextPageError && <ProblemAlert error={refunds.error} />}
        {refunds.hasNextPage && (
          <Center mt="md">
            <Button
              variant="default"
              loading={refunds.isFetchingNextPage}
              onClick={() => void refunds.fetchNextPage()}
            >
              {t('common:more')}
            </Button>
          </Center>
        )}
      </div>
    </Stack>
  );
}

function RefundsTable({ refunds }: { refunds: Refund[] }) {
  const { t, i18n } = useTranslation(['settlement', 'common']);
  const caption = t('settlement:refunds.caption');
  return (
    <ScrollTable label={caption} minWidth={900}>
      <Table striped withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('settlement:refunds.project')}</Table.Th>
            <Table.Th scope="col">{t('settlement:refunds.city')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('settlement:refund.amount')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('settlement:refund.outstanding')}
            </Table.Th>
            <Table.Th scope="col">{t('settlement:refund.dueOn')}</Table.Th>
            <Table.Th scope="col">{t('settlement:refund.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {refunds.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <AwardLink awardId={r.awardId} />
              </Table.Td>
              <Table.Td>
                <CityName id={r.cityId} />
                <Text size="xs" c="dimmed">
                  {t(`common:sides.${r.side}`)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Money minor={r.amountMinor} currency={r.currency} />
              </Table.Td>
              <Table.Td ta="right">
                <Money minor={r.outstandingMinor} currency={r.currency} />
              </Table.Td>
              <Table.Td>{formatDate(r.dueOn, i18n.language)}</Table.Td>
              <Table.Td>
                <RefundStatusBadge status={r.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** The award's project title (one request per award, shared by its rows), opening the award. */
function AwardLink({ awardId }: { awardId: string }) {
  const { t, i18n } = useTranslation('awards');
  const award = useAwardOf(awardId);
  const title = award.data
    ? localized(award.data.applicationTitle, i18n.language) || t('awards:untitled')
    : '…';
  return (
    <Anchor component={Link} to={`/awards/${awardId}`} size="sm">
      {title}
    </Anchor>
  );
}
