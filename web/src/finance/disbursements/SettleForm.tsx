import { Group, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { type ActionProps, formError, usePayoutAction } from './usePayoutAction';
import { ProblemAlert } from '../../ui/States';

type Result = 'paid' | 'failed';

/** The bank's outcome of a sent payout (SPEC §5.7): paid, or returned with the reason. */
export function SettleForm(props: ActionProps) {
  const { t } = useTranslation(['finance', 'common']);
  const [result, setResult] = useState<Result>('paid');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<'reference' | 'reason' | null>(null);
  const referenceField = useRef<HTMLInputElement>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const settle = usePayoutAction(props, 'settle', (saved) =>
    saved.status === 'paid'
      ? t('finance:disbursement.settle.donePaid')
      : t('finance:disbursement.settle.doneFailed'),
  );
  const problem = settle.error instanceof ApiProblem ? settle.error : null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (settle.isPending) return;
    if (!reference.trim()) {
      setMissing('reference');
      referenceField.current?.focus();
      return;
    }
    if (result === 'failed' && !reason.trim()) {
      setMissing('reason');
      reasonField.current?.focus();
      return;
    }
    settle.mutate({
      result,
      bankReference: reference.trim(),
      ...(result === 'failed' ? { failureReason: reason.trim() } : {}),
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payout-settle">
      <Title order={3} id="payout-settle" mb="xs">
        {t('finance:disbursement.settle.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('finance:disbursement.settle.body')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Radio.Group
            label={t('finance:disbursement.settle.result')}
            value={result}
            onChange={(value) => setResult(value as Result)}
          >
            <Group mt="xs">
              <Radio value="paid" label={t('finance:disbursement.settle.paid')} />
              <Radio value="failed" label={t('finance:disbursement.settle.failed')} />
            </Group>
          </Radio.Group>
          <TextInput
            label={t('finance:disbursement.settle.reference')}
            description={t('finance:disbursement.settle.referenceHint')}
            required
            maxLength={100}
            ref={referenceField}
            value={reference}
            onChange={(event) => {
              setReference(event.currentTarget.value);
              setMissing(null);
            }}
            error={
              missing === 'reference'
                ? t('finance:disbursement.settle.referenceRequired')
                : problem?.fieldError('bankReference')
            }
          />
          {result === 'failed' && (
            <Textarea
              label={t('finance:disbursement.settle.reason')}
              required
              autosize
              minRows={2}
              maxLength={1000}
              ref={reasonField}
              value={reason}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setMissing(null);
              }}
              error={
                missing === 'reason'
                  ? t('finance:disbursement.settle.reasonRequired')
                  : problem?.fieldError('failureReason')
              }
            />
          )}
          <ProblemAlert error={formError(settle.error)} fieldsOnForm />
          <Group>
            <BusyButton type="submit" busy={settle.isPending}>
              {t('finance:disbursement.settle.submit')}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
