import {
  Button,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { ProblemAlert } from '../../ui/States';
import {
  ACCOUNT_TYPES,
  type AccountType,
  emptyForm,
  type PayeeField,
  type PayeeForm,
  type Rail,
  requestOf,
} from './fields';

interface Props {
  cityId: string;
  /** The rail the form starts on: the city's country's. */
  defaultRail: Rail;
  onSaved: (account: Schemas['PayeeAccountResponse'], typedName: string) => void;
}

/** Enters a payee account of the city: an ACH account in the US or a Zengin account in Japan. */
export function PayeeAccountForm({ cityId, defaultRail, onSaved }: Props) {
  const { t } = useTranslation(['payees', 'common']);
  const queries = useQueryClient();
  const [chosenRail, setRail] = useState<Rail | null>(null);
  const rail = chosenRail ?? defaultRail;
  const [form, setForm] = useState<PayeeForm>(() => emptyForm(rail));
  const [errors, setErrors] = useState<Partial<Record<PayeeField, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const switchRail = (next: Rail) => {
    setRail(next);
    setForm(emptyForm(next));
    setErrors({});
    setError(null);
  };
  const set = (field: PayeeField) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const problem = error instanceof ApiProblem ? error : null;
  const errorOf = (field: PayeeField) =>
    problem?.fieldError(field) ?? (errors[field] ? t(errors[field]) : undefined);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const request = requestOf(cityId, rail, form);
    setErrors(request.errors ?? {});
    if (!request.body) return;
    setBusy(true);
    try {
      const account = unwrap(
        await api.POST('/api/v1/payee-accounts', {
          params: { header: idempotencyKey() },
          body: request.body,
        }),
      );
      onSaved(account, rail === 'zengin' ? form.holderNameKana : form.holderName);
      setForm(emptyForm(rail));
      await queries.invalidateQueries({ queryKey: ['payee-accounts'] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const input = (field: PayeeField, extra: React.ComponentProps<typeof TextInput> = {}) => (
    <TextInput
      label={t(`payees:field.${field}`)}
      description={t(`payees:hint.${rail}.${field}`)}
      required
      autoComplete="off"
      value={form[field]}
      error={errorOf(field)}
      onChange={set(field)}
      {...extra}
    />
  );

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-payee">
      <Stack>
        <Title order={3} id="new-payee">
          {t('payees:form.title')}
        </Title>
        <Radio.Group
          label={t('payees:field.rail')}
          description={t('payees:hint.rail')}
          value={rail}
          onChange={(value) => switchRail(value as Rail)}
        >
          <Group mt="xs">
            <Radio value="zengin" label={t('payees:rail.zengin')} />
            <Radio value="ach" label={t('payees:rail.ach')} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} maw={760}>
          {rail === 'zengin' ? (
            <>
              {input('bankCode', { inputMode: 'numeric', maxLength: 4 })}
              {input('branchCode', { inputMode: 'numeric', maxLength: 3 })}
            </>
          ) : (
            input('routingNumber', { inputMode: 'numeric', maxLength: 9 })
          )}
          <NativeSelect
            label={t('payees:field.accountType')}
            required
            value={form.accountType}
            error={errorOf('accountType')}
            data={ACCOUNT_TYPES[rail].map((type) => ({
              value: type,
              label: t(`payees:accountType.${rail}.${type}`),
            }))}
            onChange={(event) =>
              setForm({ ...form, accountType: event.currentTarget.value as AccountType })
            }
          />
          {input('accountNumber', {
            inputMode: 'numeric',
            maxLength: rail === 'zengin' ? 7 : 17,
          })}
          {rail === 'zengin'
            ? input('holderNameKana', { lang: 'ja', maxLength: 60 })
            : input('holderName', { maxLength: 22, autoComplete: 'organization' })}
        </SimpleGrid>
        <ProblemAlert error={error} fieldsOnForm />
        <Group>
          <Button type="submit" loading={busy}>
            {t('payees:form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
