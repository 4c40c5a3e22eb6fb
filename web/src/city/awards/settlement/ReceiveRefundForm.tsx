import { Group, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api/client';
import { toMajorText, toMinor } from '../../../money';
import { BusyButton } from '../../../ui/BusyButton';
import { ProblemAlert } from '../../../ui/States';
import { afterSettling } from './invalidate';
import { receiveRefund, type Refund } from './queries';

type Field = 'amount' | 'date' | 'reference';

/** Today on this device as `YYYY-MM-DD` (the API allows up to today in Japan). */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A finance officer records money back: the amount typed in yen or dollars (sent as minor
 * units), the day the bank received it and its reference. Part of what is outstanding may come.
 */
export function ReceiveRefundForm({ refund }: { refund: Refund }) {
  const { t } = useTranslation(['settlement', 'awards', 'common']);
  const queries = useQueryClient();
  const [amount, setAmount] = useState(toMajorText(refund.outstandingMinor, refund.currency));
  const [date, setDate] = useState(today);
  const [reference, setReference] = useState('');
  const [missing, setMissing] = useState<Field | null>(null);
  const fields = {
    amount: useRef<HTMLInputElement>(null),
    date: useRef<HTMLInputElement>(null),
    reference: useRef<HTMLInputElement>(null),
  };
  const receive = useMutation({
    mutationFn: (body: Parameters<typeof receiveRefund>[1]) => receiveRefund(refund, body),
    onSuccess: () => {
      notifications.show({
        closeButtonProps: { 'aria-label': t('common:close') },
        color: 'green',
        message: t('settlement:receive.done'),
      });
      afterSettling(queries, refund.awardId);
    },
  });
  const problem = receive.error instanceof ApiProblem ? receive.error : null;
  const currency = t(`awards:currency.${refund.currency}`);
  const example = refund.currency === 'JPY' ? '12,000' : '1,250.50';
  const headingId = `receive-${refund.id}`;

  const refuse = (field: Field) => {
    setMissing(field);
    fields[field].current?.focus();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (receive.isPending) return;
    const amountMinor = toMinor(amount, refund.currency);
    if (!amountMinor) return refuse('amount');
    if (!date) return refuse('date');
    if (!reference.trim()) return refuse('reference');
    receive.mutate({ amountMinor, receivedOn: date, bankReference: reference.trim() });
  };
  const edit = (set: (value: string) => void) => (event: React.ChangeEvent<HTMLInputElement>) => {
    set(event.currentTarget.value);
    setMissing(null);
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={5} id={headingId}>
          {t('settlement:receive.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('settlement:receive.amount', { currency: refund.currency })}
            description={t('settlement:receive.amountHint')}
            required
            inputMode="decimal"
            autoComplete="off"
            leftSection={refund.currency === 'JPY' ? '¥' : '$'}
            ref={fields.amount}
            value={amount}
            onChange={edit(setAmount)}
            error={
              missing === 'amount'
                ? t('settlement:receive.amountInvalid', { currency, example })
                : problem?.fieldError('amountMinor')
            }
            styles={{ input: { textAlign: 'right' } }}
          />
          <TextInput
            type="date"
            label={t('settlement:receive.date')}
            description={t('settlement:receive.dateHint')}
            required
            max={today()}
            ref={fields.date}
            value={date}
            onChange={edit(setDate)}
            error={
              missing === 'date'
                ? t('settlement:receive.dateRequired')
                : problem?.fieldError('receivedOn')
            }
          />
          <TextInput
            label={t('settlement:receive.reference')}
            required
            maxLength={100}
            ref={fields.reference}
            value={reference}
            onChange={edit(setReference)}
            error={
              missing === 'reference'
                ? t('settlement:receive.referenceRequired')
                : problem?.fieldError('bankReference')
            }
          />
        </SimpleGrid>
        <ProblemAlert error={receive.error} fieldsOnForm />
        <Group>
          <BusyButton type="submit" busy={receive.isPending}>
            {t('settlement:receive.submit')}
          </BusyButton>
        </Group>
      </Stack>
    </form>
  );
}
