import { Anchor, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { keys } from './data';
import { FORBIDDEN } from './ui/forbidden';
import { SecretOnce } from './ui/SecretOnce';
import { When } from './ui/When';
import { StatusBadge } from './webhooks/StatusBadge';
import { WebhookForm, type WebhookFields } from './webhooks/WebhookForm';

const PAGE_SIZE = 50;
const EMPTY: WebhookFields = { url: '', events: [], description: '' };

/** Webhook subscriptions (admin): listed, and created with the signing secret shown once. */
export function Component() {
  const { t } = useTranslation(['administration', 'common']);
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  // The signing secret: in this component's state only, never stored or shown again.
  const [created, setCreated] = useState<Schemas['CreatedWebhookResponse'] | null>(null);
  const pages = useInfiniteQuery({
    queryKey: keys.webhooks,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/webhooks', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const hooks = pages.data?.pages.flatMap((page) => page.data) ?? [];
  const create = useMutation({
    mutationFn: async (fields: WebhookFields) =>
      unwrap(
        // No Idempotency-Key: the answer holds the signing secret, which is never stored for a
        // replay. The form's button waits for the answer, so one click subscribes once.
        await api.POST('/api/v1/webhooks', { body: fields }),
      ),
    onSuccess: (hook) => {
      void queries.invalidateQueries({ queryKey: keys.webhooks });
      setCreating(false);
      setCreated(hook);
    },
  });
  const open = () => {
    create.reset();
    setCreating(true);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('administration:hooks.title')}</Title>
          <Text mt="xs" c="dimmed">
            {t('administration:hooks.intro')}
          </Text>
        </div>
        {pages.data && <Button onClick={open}>{t('administration:hooks.create.open')}</Button>}
      </Group>
      {created && (
        <SecretOnce
          title={t('administration:hooks.created', { url: created.url })}
          label={t('administration:hooks.secretLabel')}
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      )}
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert
          error={pages.error}
          explain={FORBIDDEN}
          onRetry={() => void pages.refetch()}
        />
      ) : hooks.length === 0 ? (
        <Empty>{t('administration:hooks.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="sm" aria-label={t('administration:hooks.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('administration:hooks.col.url')}</Table.Th>
                  <Table.Th scope="col">{t('administration:hooks.col.events')}</Table.Th>
                  <Table.Th scope="col">{t('administration:hooks.col.status')}</Table.Th>
                  <Table.Th scope="col">{t('administration:hooks.col.failures')}</Table.Th>
                  <Table.Th scope="col">{t('administration:hooks.col.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {hooks.map((hook) => (
                  <Table.Tr key={hook.id}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/webhooks/${hook.id}`}
                        fw={500}
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {hook.url}
                      </Anchor>
                      {hook.description && (
                        <Text size="xs" c="dimmed">
                          {hook.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{hook.events.join(', ')}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={hook.status} />
                    </Table.Td>
                    <Table.Td>{hook.consecutiveFailures}</Table.Td>
                    <Table.Td>
                      <When at={hook.createdAt} />
                    </Table.Td>
                  </Table.Tr>
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
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('administration:hooks.create.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('administration:close') }}
      >
        <WebhookForm
          initial={EMPTY}
          submitLabel={t('administration:hooks.create.submit')}
          busy={create.isPending}
          error={create.error}
          onSubmit={(fields) => create.mutate(fields)}
          onCancel={() => setCreating(false)}
        />
      </Modal>
    </Stack>
  );
}
