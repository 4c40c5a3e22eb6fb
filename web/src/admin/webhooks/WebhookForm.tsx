import { Button, Checkbox, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../data';
import { FORBIDDEN } from '../ui/forbidden';
import { ProblemAlert } from '../../ui/States';

export interface WebhookFields {
  url: string;
  events: WebhookEvent[];
  description: string;
}

type Field = keyof WebhookFields;

/** An http(s) URL without credentials, as the API accepts it (it also refuses private targets). */
function urlError(value: string): string | undefined {
  if (!value.trim()) return 'administration:errors.required';
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return 'administration:hooks.errors.url';
    if (url.username || url.password) return 'administration:hooks.errors.credentials';
  } catch {
    return 'administration:hooks.errors.url';
  }
  return undefined;
}

/** A subscription's target, events and note: the form for creating one and for editing it. */
export function WebhookForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial: WebhookFields;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (fields: WebhookFields) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['administration', 'common']);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const problem = error instanceof ApiProblem ? error : null;
  const errorOf = (field: Field) =>
    (errors[field] ? t(errors[field]) : undefined) ?? problem?.fieldError(field);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: Partial<Record<Field, string>> = {};
    const url = urlError(form.url);
    if (url) found.url = url;
    if (form.events.length === 0) found.events = 'administration:hooks.errors.events';
    setErrors(found);
    if (Object.keys(found).length === 0) {
      onSubmit({ ...form, url: form.url.trim(), description: form.description.trim() });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('administration:hooks.field.url')}
          description={t('administration:hooks.hint.url')}
          required
          type="url"
          maxLength={2000}
          autoComplete="off"
          value={form.url}
          error={errorOf('url')}
          onChange={(event) => setForm({ ...form, url: event.currentTarget.value })}
          data-autofocus
        />
        <Textarea
          label={t('administration:hooks.field.description')}
          description={t('administration:hooks.hint.description')}
          maxLength={500}
          autosize
          minRows={2}
          value={form.description}
          error={errorOf('description')}
          onChange={(event) => setForm({ ...form, description: event.currentTarget.value })}
        />
        <Checkbox.Group
          label={t('administration:hooks.field.events')}
          description={t('administration:hooks.hint.events')}
          required
          value={form.events}
          error={errorOf('events')}
          onChange={(value) => setForm({ ...form, events: value as WebhookEvent[] })}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            {WEBHOOK_EVENTS.map((event) => (
              <Checkbox
                key={event}
                value={event}
                label={t(`administration:hooks.event.${event.replace('.', '_')}`)}
                description={event}
              />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <ProblemAlert
          error={error}
          fieldsOnForm={Boolean(problem?.errors.length)}
          explain={{ ...FORBIDDEN, precondition_failed: 'administration:errors.stale' }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common:cancel')}
          </Button>
          <BusyButton type="submit" busy={busy}>
            {submitLabel}
          </BusyButton>
        </Group>
      </Stack>
    </form>
  );
}
