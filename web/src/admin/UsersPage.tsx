import { Alert, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/useSession';
import { useFocusWhen } from '../reviewer/useFocusWhen';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { keys, type Role, ROLES, type User } from './data';
import { FORBIDDEN } from './ui/forbidden';
import { CreateUserDialog } from './users/CreateUserDialog';
import { UsersTable } from './users/UsersTable';

const PAGE_SIZE = 50;

const asRole = (value: string | null): Role | undefined => ROLES.find((r) => r === value);
const asActive = (value: string | null) =>
  value === 'true' ? true : value === 'false' ? false : undefined;

/**
 * Users (admin; an auditor reads them, SPEC §4): filtered by role and status from the URL,
 * created with the role, city and language they work in, edited or deactivated.
 */
export function Component() {
  const { t } = useTranslation(['administration', 'common']);
  const me = useMe().data;
  const canManage = me?.role === 'admin';
  const [params, setParams] = useSearchParams();
  const role = asRole(params.get('role'));
  const active = asActive(params.get('active'));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<User | null>(null);
  const notice = useFocusWhen<HTMLDivElement>(created !== null);

  const pages = useInfiniteQuery({
    queryKey: [...keys.users, { role, active }],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/users', {
          params: { query: { role, active, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const users = pages.data?.pages.flatMap((page) => page.data) ?? [];

  const filter = (name: 'role' | 'active', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('administration:users.title')}</Title>
          <Text mt="xs" c="dimmed">
            {canManage ? t('administration:users.intro') : t('administration:users.introReadOnly')}
          </Text>
        </div>
        {canManage && pages.data && (
          <Button onClick={() => setCreating(true)}>{t('administration:users.create.open')}</Button>
        )}
      </Group>
      {created && (
        <Alert
          color="green"
          ref={notice}
          tabIndex={-1}
          role="status"
          withCloseButton
          closeButtonLabel={t('administration:close')}
          onClose={() => setCreated(null)}
        >
          {t('administration:users.created', { name: created.displayName, email: created.email })}
        </Alert>
      )}
      <Group>
        <NativeSelect
          label={t('administration:users.filter.role')}
          value={role ?? ''}
          onChange={(event) => filter('role', event.currentTarget.value)}
          data={[
            { value: '', label: t('administration:users.filter.allRoles') },
            ...ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) })),
          ]}
          w={240}
        />
        <NativeSelect
          label={t('administration:users.filter.status')}
          value={active === undefined ? '' : String(active)}
          onChange={(event) => filter('active', event.currentTarget.value)}
          data={[
            { value: '', label: t('administration:users.filter.allStatuses') },
            { value: 'true', label: t('administration:users.active') },
            { value: 'false', label: t('administration:users.inactive') },
          ]}
          w={200}
        />
      </Group>
      {pages.isPending ? (
        <PageLoader />
      ) : !pages.data ? (
        <ProblemAlert
          error={pages.error}
          explain={FORBIDDEN}
          onRetry={() => void pages.refetch()}
        />
      ) : users.length === 0 ? (
        <Empty>{t('administration:users.empty')}</Empty>
      ) : (
        <>
          <UsersTable users={users} meId={me?.id} canManage={canManage} />
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
      {canManage && (
        <CreateUserDialog
          opened={creating}
          onClose={() => setCreating(false)}
          onCreated={(user) => {
            setCreating(false);
            setCreated(user);
          }}
        />
      )}
    </Stack>
  );
}
