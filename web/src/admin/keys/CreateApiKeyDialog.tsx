import {
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, type Schemas, unwrap } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { type ApiKeyScope, keys, MAX_PAGE, SCOPES } from '../data';
import { FORBIDDEN } from '../ui/forbidden';
import { ProblemAlert } from '../../ui/States';

type Field = 'name' | 'scopes' | 'userId';

/**
 * A key for an integration, acting as a user (their reach) narrowed by scopes. The response is the
 * only time the key exists in clear: it goes to the page's memory, never to storage (onCreated).
 */
export function CreateApiKeyDialog({
  opened,
  meId,
  onClose,
  onCreated,
}: {
  opened: boolean;
  meId: string;
  onClose: () => void;
  onCreated: (created: Schemas['CreatedApiKeyDto']) => void;
}) {
  const { t } = useTranslation(['administration', 'common']);
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [userId, setUserId] = useState(meId);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  // Only an active user can be given a key.
  const owners = useQuery({
    queryKey: [...keys.users, { active: true, limit: MAX_PAGE }],
    enabled: opened,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/users', { params: { query: { active: true, limit: MAX_PAGE } } }),
      ).data,
  });

  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/api-keys', { body: { name: name.trim(), scopes, userId } })),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: keys.apiKeys });
      setName('');
      setScopes([]);
      onCreated(created);
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : null;
  const errorOf = (field: Field) =>
    (errors[field] ? t(errors[field]) : undefined) ?? problem?.fieldError(field);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = 'administration:errors.required';
    if (scopes.length === 0) found.scopes = 'administration:keys.errors.scopes';
    setErrors(found);
    create.reset();
    if (Object.keys(found).length === 0) create.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('administration:keys.create.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('administration:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('administration:keys.field.name')}
            description={t('administration:keys.hint.name')}
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            error={errorOf('name')}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          <Select
            label={t('administration:keys.field.owner')}
            description={t('administration:keys.hint.owner')}
            required
            searchable
            allowDeselect={false}
            value={userId}
            error={errorOf('userId')}
            nothingFoundMessage={t('administration:keys.noOwner')}
            data={(owners.data ?? []).map((user) => ({
              value: user.id,
              label: `${user.displayName} <${user.email}> · ${t(`common:roles.${user.role}`)}`,
            }))}
            onChange={(value) => setUserId(value ?? meId)}
          />
          <Checkbox.Group
            label={t('administration:keys.field.scopes')}
            description={t('administration:keys.hint.scopes')}
            required
            value={scopes}
            error={errorOf('scopes')}
            onChange={(value) => setScopes(value as ApiKeyScope[])}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {SCOPES.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={t(`administration:keys.scope.${scope.replace(':', '_')}`)}
                  description={scope}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <ProblemAlert
            error={create.error}
            fieldsOnForm={Boolean(problem?.errors.length)}
            explain={{ ...FORBIDDEN, rule_violation: 'administration:keys.errors.inactiveOwner' }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <BusyButton type="submit" busy={create.isPending}>
              {t('administration:keys.create.submit')}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
