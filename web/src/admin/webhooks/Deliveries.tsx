import { Button, Code, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { type Delivery, keys } from '../data';
import { FORBIDDEN } from '../ui/forbidden';
import { When } from '../ui/When';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 25;
const STATUSES: Delivery['status'][] = ['pending', 'succeeded', 'failed'];
/** While a delivery is under way, the log is read again this often to show its attempts. */
const POLL_MS = 2_000;

/** The delivery log of a subscription: each event sent, every attempt, and redelivery by hand. */
export function Deliveries({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation(['administration', 'common']);
  const [status, setStatus] = useState<Delivery['status'] | ''>('');
  const [open, setOpen] = useState<string | null>(null);
  const pages = useInfiniteQuery({
    queryKey: [...keys.deliveries(webhookId), status],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: {
            path: { id: webhookId },
            query: { status: status || undefined, limit: PAGE_SIZE, cursor: pageParam },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some((d) => d.status === 'pending'))
        ? POLL_MS
        : false,
  });
  const deliveries = pages.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={3}>{t('administration:deliveries.title')}</Title>
        <NativeSelect
          label={t('administration:deliveries.filter')}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as Delivery['status'] | '')}
          data={[
            { value: '', label: t('administration:deliveries.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`administration:hooks.status.${s}`) })),
          ]}
          w={220}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('administration:deliveries.intro')}
      </Text>
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert
          error={pages.error}
          explain={FORBIDDEN}
          onRetry={() => void pages.refetch()}
        />
      ) : deliveries.length === 0 ? (
        <Empty>{t('administration:deliveries.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label={t('administration:deliveries.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('administration:deliveries.col.event')}</Table.Th>
                  <Table.Th scope="col">{t('administration:deliveries.col.status')}</Table.Th>
                  <Table.Th scope="col">{t('administration:deliveries.col.attempts')}</Table.Th>
                  <Table.Th scope="col">{t('administration:deliveries.col.created')}</Table.Th>
                  <Table.Th scope="col">{t('administration:deliveries.col.delivered')}</Table.Th>
                  <Table.Th scope="col">{t('common:actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.map((delivery) => (
                  <Fragment key={delivery.id}>
                    <Table.Tr data-delivery={delivery.eventId}>
                      <Table.Td>
                        <Code>{delivery.eventType}</Code>
                        <Text size="xs" c="dimmed" translate="no">
                          {delivery.eventId}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={delivery.status} />
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          aria-expanded={open === delivery.id}
                          aria-controls={`attempts-${delivery.id}`}
                          onClick={() => setOpen(open === delivery.id ? null : delivery.id)}
                        >
                          {t('administration:deliveries.attemptCount', {
                            count: delivery.attempts.length,
                          })}
                        </Button>
                      </Table.Td>
                      <Table.Td>
                        <When at={delivery.createdAt} />
                      </Table.Td>
                      <Table.Td>
                        <When at={delivery.deliveredAt} />
                      </Table.Td>
                      <Table.Td>
                        {delivery.status !== 'pending' && (
                          <Redeliver webhookId={webhookId} delivery={delivery} />
                        )}
                      </Table.Td>
                    </Table.Tr>
                    {open === delivery.id && (
                      <Table.Tr id={`attempts-${delivery.id}`}>
                        <Table.Td colSpan={6}>
                          <Attempts delivery={delivery} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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

function Attempts({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation(['administration']);
  if (delivery.attempts.length === 0) {
    return <Text size="sm">{t('administration:deliveries.noAttempts')}</Text>;
  }
  return (
    <Stack gap="xs" component="ol" m={0} pl="md">
      {delivery.attempts.map((attempt, index) => (
        <li key={`${attempt.attemptedAt}-${index}`}>
          <Text size="sm">
            <When at={attempt.attemptedAt} /> ·{' '}
            {attempt.statusCode !== null
              ? t('administration:deliveries.httpStatus', { code: attempt.statusCode })
              : t('administration:deliveries.noResponse')}{' '}
            · {t('administration:deliveries.duration', { ms: attempt.durationMs })}
            {attempt.error && ` · ${attempt.error}`}
          </Text>
          {attempt.responseExcerpt && <Code block>{attempt.responseExcerpt}</Code>}
        </li>
      ))}
    </Stack>
  );
}

/** Sends a finished delivery again (same webhook-id, so a receiver can deduplicate). */
function Redeliver({ webhookId, delivery }: { webhookId: string; delivery: Delivery }) {
  const { t } = useTranslation(['administration']);
  const queries = useQueryClient();
  const redeliver = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { id: webhookId, deliveryId: delivery.id } },
        }),
      ),
    onSuccess: () =>
      notifications.show({
        color: 'green',
        message: t('administration:deliveries.queued', { event: delivery.eventType }),
        closeButtonProps: { 'aria-label': t('administration:close') },
      }),
    onSettled: () => void queries.invalidateQueries({ queryKey: keys.deliveries(webhookId) }),
  });
  return (
    <Stack gap={4}>
      <BusyButton
        size="xs"
        variant="light"
        busy={redeliver.isPending}
        aria-label={t('administration:deliveries.redeliverOf', { event: delivery.eventType })}
        onClick={() => !redeliver.isPending && redeliver.mutate()}
      >
        {t('administration:deliveries.redeliver')}
      </BusyButton>
      <ProblemAlert
        error={redeliver.error}
        explain={{ ...FORBIDDEN, invalid_state: 'administration:deliveries.refused' }}
      />
    </Stack>
  );
}
