import { Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditFilters, filterErrors } from './filters';

/** The filters as typed; applied (into the URL) on submit, so typing does not query per key. */
export function AuditFilterForm({
  applied,
  onApply,
}: {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const { t } = useTranslation(['administration']);
  const [form, setForm] = useState(applied);
  const [errors, setErrors] = useState<ReturnType<typeof filterErrors>>({});
  // The URL changed under the form (a link, Back): show what is applied.
  const appliedKey = JSON.stringify(applied);
  const [shown, setShown] = useState(appliedKey);
  if (shown !== appliedKey) {
    setShown(appliedKey);
    setForm(applied);
    setErrors({});
  }

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = filterErrors(form);
    setErrors(found);
    if (Object.keys(found).length === 0) onApply(form);
  };
  const field = (name: keyof AuditFilters, extra: React.ComponentProps<typeof TextInput> = {}) => (
    <TextInput
      label={t(`administration:audit.filter.${name}`)}
      description={t(`administration:audit.filterHint.${name}`)}
      value={form[name]}
      error={errors[name] ? t(errors[name]) : undefined}
      onChange={(event) => setForm({ ...form, [name]: event.currentTarget.value })}
      {...extra}
    />
  );
  const clear = () => {
    const empty = { entityType: '', entityId: '', actorId: '', from: '', to: '' };
    setForm(empty);
    setErrors({});
    onApply(empty);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('administration:audit.filter.title')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {field('entityType', { maxLength: 50 })}
        {field('entityId', { maxLength: 100 })}
        {field('actorId', { maxLength: 36 })}
        {field('from', { type: 'date' })}
        {field('to', { type: 'date' })}
      </SimpleGrid>
      <Group mt="md">
        <Button type="submit">{t('administration:audit.filter.apply')}</Button>
        <Button variant="default" onClick={clear}>
          {t('administration:audit.filter.clear')}
        </Button>
      </Group>
    </form>
  );
}
