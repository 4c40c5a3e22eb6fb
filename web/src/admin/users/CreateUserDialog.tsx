import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, idempotencyKey, unwrap } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { keys, type User } from '../data';
import { FORBIDDEN } from '../ui/forbidden';
import { type Profile, ProfileFields, profileBody, profileErrors } from './ProfileFields';
import { ProblemAlert } from '../../ui/States';

type Field = 'email' | 'displayName' | 'password' | keyof Profile;

const EMPTY = { email: '', displayName: '', password: '' };
const START: Profile = {
  role: 'city_user',
  locale: 'ja',
  cityId: '',
  country: '',
  region: '',
  affiliations: [],
};

/** A new user with the role, city and language they work in; the e-mail is their login. */
export function CreateUserDialog({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { t } = useTranslation(['administration', 'common']);
  const queries = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const [profile, setProfile] = useState<Profile>(START);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/users', {
          params: { header: idempotencyKey() },
          body: {
            email: form.email.trim(),
            displayName: form.displayName.trim(),
            password: form.password,
            ...profileBody(profile),
          },
        }),
      ),
    onSuccess: (user) => {
      void queries.invalidateQueries({ queryKey: keys.users });
      setForm(EMPTY);
      setProfile(START);
      onCreated(user);
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : null;
  const errorOf = (field: Field) =>
    (errors[field] ? t(errors[field]) : undefined) ??
    (field === 'email' && problem?.code === 'conflict'
      ? t('administration:users.errors.emailTaken')
      : problem?.fieldError(field));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const found: Partial<Record<Field, string>> = profileErrors(profile);
    for (const field of ['email', 'displayName', 'password'] as const) {
      if (!form[field].trim()) found[field] = 'administration:errors.required';
    }
    setErrors(found);
    create.reset();
    if (Object.keys(found).length === 0) create.mutate();
  };
  const input = (field: keyof typeof EMPTY) => ({
    label: t(`administration:users.field.${field}`),
    description: t(`administration:users.hint.${field}`),
    required: true,
    value: form[field],
    error: errorOf(field),
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setForm({ ...form, [field]: event.currentTarget.value }),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('administration:users.create.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('administration:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            {...input('email')}
            type="email"
            autoComplete="off"
            maxLength={254}
            data-autofocus
          />
          <TextInput {...input('displayName')} maxLength={120} autoComplete="off" />
          <PasswordInput {...input('password')} autoComplete="new-password" maxLength={256} />
          <ProfileFields profile={profile} onChange={setProfile} errorOf={errorOf} />
          <ProblemAlert
            error={create.error}
            fieldsOnForm={Boolean(problem?.errors.length) || problem?.code === 'conflict'}
            explain={{
              ...FORBIDDEN,
              conflict: 'administration:users.errors.emailTaken',
              rule_violation: 'administration:users.errors.noSuchCity',
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <BusyButton type="submit" busy={create.isPending}>
              {t('administration:users.create.submit')}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
