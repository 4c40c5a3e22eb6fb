import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { cityLabel, ifMatch, keys, type User, useCities } from '../data';
import { ProblemAlert } from '../../ui/States';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FORBIDDEN } from '../ui/forbidden';
import { When } from '../ui/When';
import { EditUserDialog } from './EditUserDialog';

/** The users listed; an admin edits or deactivates them (never themselves: the API refuses). */
export function UsersTable({
  users,
  meId,
  canManage,
}: {
  users: User[];
  meId: string | undefined;
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation(['administration', 'common']);
  const cities = new Map((useCities().data ?? []).map((city) => [city.id, city]));
  const [editing, setEditing] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table striped verticalSpacing="sm" aria-label={t('administration:users.caption')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('administration:users.col.user')}</Table.Th>
              <Table.Th scope="col">{t('administration:users.col.role')}</Table.Th>
              <Table.Th scope="col">{t('administration:users.col.city')}</Table.Th>
              <Table.Th scope="col">{t('administration:users.col.locale')}</Table.Th>
              <Table.Th scope="col">{t('administration:users.col.status')}</Table.Th>
              <Table.Th scope="col">{t('administration:users.col.created')}</Table.Th>
              {canManage && <Table.Th scope="col">{t('common:actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => {
              const city = user.cityId ? cities.get(user.cityId) : undefined;
              return (
                <Table.Tr key={user.id} data-user={user.email}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm" fw={500}>
                        {user.displayName}
                        {user.id === meId && ` (${t('administration:users.you')})`}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {user.email}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {t(`common:roles.${user.role}`)}
                    {user.country && ` · ${user.country}${user.region ? ` ${user.region}` : ''}`}
                  </Table.Td>
                  <Table.Td>
                    {city ? cityLabel(city, i18n.language) : user.cityId ? '…' : '—'}
                  </Table.Td>
                  <Table.Td>{user.locale === 'ja' ? '日本語' : 'English'}</Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={user.active ? 'green' : 'gray'}>
                      {user.active
                        ? t('administration:users.active')
                        : t('administration:users.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <When at={user.createdAt} />
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      {user.active && (
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={t('administration:users.edit.open', {
                              name: user.displayName,
                            })}
                            onClick={() => setEditing(user)}
                          >
                            {t('common:edit')}
                          </Button>
                          {user.id !== meId && (
                            <Button
                              size="xs"
                              variant="outline"
                              color="red.9"
                              aria-label={t('administration:users.deactivate.open', {
                                name: user.displayName,
                              })}
                              onClick={() => setDeactivating(user)}
                            >
                              {t('administration:users.deactivate.button')}
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <EditUserDialog key={editing.id} user={editing} onClose={() => setEditing(null)} />
      )}
      {deactivating && (
        <DeactivateDialog user={deactivating} onClose={() => setDeactivating(null)} />
      )}
    </>
  );
}

/** Deactivation bites at once: the user's sessions and API keys stop working (SPEC §5.0). */
function DeactivateDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation(['administration']);
  const queries = useQueryClient();
  const deactivate = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/users/{id}/deactivate', {
          params: { path: { id: user.id }, header: ifMatch(user.version) },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: keys.users });
      await queries.invalidateQueries({ queryKey: keys.apiKeys });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      opened
      title={t('administration:users.deactivate.title', { name: user.displayName })}
      body={t('administration:users.deactivate.body')}
      confirm={t('administration:users.deactivate.confirm')}
      busy={deactivate.isPending}
      danger
      alert={
        <ProblemAlert
          error={deactivate.error}
          explain={{
            ...FORBIDDEN,
            invalid_state: 'administration:users.errors.alreadyInactive',
            rule_violation: 'administration:users.errors.self',
            precondition_failed: 'administration:errors.stale',
          }}
        />
      }
      onConfirm={() => deactivate.mutate()}
      onClose={onClose}
    />
  );
}
