import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, unwrap } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { ifMatch, keys, type User } from '../data';
import { FORBIDDEN } from '../ui/forbidden';
import { type Profile, ProfileFields, profileBody, profileErrors } from './ProfileFields';
import { ProblemAlert } from '../../ui/States';

type Field = 'displayName' | keyof Profile;

const profileOf = (user: User): Profile => ({
  role: user.role,
  locale: user.locale,
  cityId: user.cityId ?? '',
  country: user.country ?? '',
  region: user.region ?? '',
  affiliations: user.affiliations,
});

/**
 * A user's name, role (with the city or reviewer profile it needs) and language. Sent with the
 * version read: another admin's change in between is refused (412), not overwritten.
 */
export function EditUserDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation(['administration', 'common']);
  const queries = useQueryClient();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [profile, setProfile] = useState(() => profileOf(user));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id }, header: ifMatch(user.version) },
          body: { displayName: displayName.trim(), ...profileBody(profile) },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: keys.users });
      onClose();
    },
  });
  const problem = save.error instanceof ApiProblem ? save.error : null;
  const errorOf = (field: Field) =>
    (errors[field] ? t(errors[field]) : undefined) ?? problem?.fieldError(field);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const found: Partial<Record<Field, string>> = profileErrors(profile);
    if (!displayName.trim()) found.displayName = 'administration:errors.required';
    setErrors(found);
    save.reset();
    if (Object.keys(found).length === 0) save.mutate();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('administration:users.edit.title', { name: user.displayName })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('administration:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('administration:users.field.displayName')}
            required
            maxLength={120}
            value={displayName}
            error={errorOf('displayName')}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            data-autofocus
          />
          <ProfileFields profile={profile} onChange={setProfile} errorOf={errorOf} />
          <ProblemAlert
            error={save.error}
            fieldsOnForm={Boolean(problem?.errors.length)}
            explain={{
              ...FORBIDDEN,
              rule_violation: 'administration:users.errors.ownRole',
              precondition_failed: 'administration:errors.stale',
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <BusyButton type="submit" busy={save.isPending}>
              {t('administration:users.edit.submit')}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
