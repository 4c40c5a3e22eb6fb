import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { useMe } from '../auth/useSession';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { type ApiKey, keys, useUser } from './data';
import { CreateApiKeyDialog } from './keys/CreateApiKeyDialog';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { FORBIDDEN } from './ui/forbidden';
import { SecretOnce } from './ui/SecretOnce';
import { When } from './ui/When';

const PAGE_SIZE = 50;

/** API keys (admin): listed without their secrets, created with scopes, revoked. */
export function Component() {
  const { t } = useTranslation(['administration', 'common']);
  const me = useMe().data;
  const [creating, setCreating] = useState(false);
  // The key in clear: in this component's state only, gone once dismissed or the page is left.
  const [created, setCreated] = useState<Schemas['CreatedApiKeyDto'] | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const pages = useInfiniteQuery({
    queryKey: keys.apiKeys,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/api-keys', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apiKeys = pages.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('administration:keys.title')}</Title>
          <Text mt="xs" c="dimmed">
            {t('administration:keys.intro')}
          </Text>
        </div>
        {pages.data && me && (
          <Button onClick={() => setCreating(true)}>{t('administration:keys.create.open')}</Button>
        )}
      </Group>
      {created && (
        <SecretOnce
          title={t('administration:keys.created', { name: created.name })}
          label={t('administration:keys.secretLabel')}
          secret={created.key}
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
      ) : apiKeys.length === 0 ? (
        <Empty>{t('administration:keys.empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped verticalSpacing="sm" aria-label={t('administration:keys.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('administration:keys.col.name')}</Table.Th>
                  <Table.Th scope="col">{t('administration:keys.col.owner')}</Table.Th>
                  <Table.Th scope="col">{t('administration:keys.col.scopes')}</Table.Th>
                  <Table.Th scope="col">{t('administration:keys.col.created')}</Table.Th>
                  <Table.Th scope="col">{t('administration:keys.col.lastUsed')}</Table.Th>
                  <Table.Th scope="col">{t('administration:keys.col.status')}</Table.Th>
                  <Table.Th scope="col">{t('common:actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {apiKeys.map((key) => (
                  <KeyRow key={key.id} apiKey={key} onRevoke={() => setRevoking(key)} />
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
      {me && (
        <CreateApiKeyDialog
          opened={creating}
          meId={me.id}
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
          }}
        />
      )}
      {revoking && <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  const { t } = useTranslation(['administration']);
  const owner = useUser(apiKey.userId).data;
  return (
    <Table.Tr data-key={apiKey.prefix}>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {apiKey.name}
          </Text>
          <Text size="xs" c="dimmed" translate="no">
            {t('administration:keys.prefix', { prefix: `sdg_${apiKey.prefix}_…` })}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        {owner ? `${owner.displayName} <${owner.email}>` : apiKey.userId.slice(0, 8)}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {apiKey.scopes.map((scope) => (
            <Badge key={scope} variant="outline" tt="none">
              {scope}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <When at={apiKey.createdAt} />
      </Table.Td>
      <Table.Td>
        {apiKey.lastUsedAt ? <When at={apiKey.lastUsedAt} /> : t('administration:keys.neverUsed')}
      </Table.Td>
      <Table.Td>
        {apiKey.revokedAt ? (
          <Stack gap={0}>
            <Badge color="gray" variant="dot">
              {t('administration:keys.revoked')}
            </Badge>
            <Text size="xs" c="dimmed">
              <When at={apiKey.revokedAt} />
            </Text>
          </Stack>
        ) : (
          <Badge color="green" variant="dot">
            {t('administration:keys.active')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {!apiKey.revokedAt && (
          <Button
            size="xs"
            variant="outline"
            color="red.9"
            aria-label={t('administration:keys.revoke.open', { name: apiKey.name })}
            onClick={onRevoke}
          >
            {t('administration:keys.revoke.button')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Revoking bites at once: the integration's next request is refused (401). */
function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const { t } = useTranslation(['administration']);
  const queries = useQueryClient();
  const revoke = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: apiKey.id } } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: keys.apiKeys });
      onClose();
    },
    // Refused because it is revoked already: the list shows it so, behind the explanation.
    onError: () => void queries.invalidateQueries({ queryKey: keys.apiKeys }),
  });
  return (
    <ConfirmDialog
      opened
      title={t('administration:keys.revoke.title', { name: apiKey.name })}
      body={t('administration:keys.revoke.body')}
      confirm={t('administration:keys.revoke.confirm')}
      busy={revoke.isPending}
      danger
      alert={
        <ProblemAlert
          error={revoke.error}
          explain={{ ...FORBIDDEN, invalid_state: 'administration:keys.errors.alreadyRevoked' }}
        />
      }
      onConfirm={() => revoke.mutate()}
      onClose={onClose}
    />
  );
}
