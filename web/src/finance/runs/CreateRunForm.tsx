import { Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { createPaymentRun, keys, type PaymentRun, type Rail } from '../api';
import { ProblemAlert } from '../../ui/States';

/** Tomorrow in UTC (the API counts execution dates in UTC): a usual execution date. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Starts a run of one system; the page of the run then follows the job. */
export function CreateRunForm() {
  const { t } = useTranslation(['finance', 'common']);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [rail, setRail] = useState<Rail>('zengin');
  const [date, setDate] = useState(tomorrow);
  const [missing, setMissing] = useState(false);
  const dateField = useRef<HTMLInputElement>(null);
  const create = useMutation({
    mutationFn: () => createPaymentRun({ rail, executionDate: date }),
    onSuccess: (run: PaymentRun) => {
      queries.setQueryData(keys.run(run.id), run);
      void queries.invalidateQueries({ queryKey: keys.runs });
      void navigate(`/finance/payment-runs/${run.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.fieldError('executionDate')) {
        dateField.current?.focus();
      }
      // Another run of the system is in progress: the list shows it.
      void queries.invalidateQueries({ queryKey: keys.runs });
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    if (!date) {
      setMissing(true);
      dateField.current?.focus();
      return;
    }
    create.mutate();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="run-create">
      <Title order={3} id="run-create" mb="xs">
        {t('finance:runs.create.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('finance:runs.create.body')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Radio.Group
            label={t('finance:runs.rail')}
            value={rail}
            onChange={(value) => setRail(value as Rail)}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="zengin" label={t('finance:runs.railName.zengin')} />
              <Radio value="ach" label={t('finance:runs.railName.ach')} />
            </Stack>
          </Radio.Group>
          <TextInput
            type="date"
            w={240}
            label={t('finance:runs.executionDate')}
            description={t('finance:runs.create.executionDateHint')}
            required
            ref={dateField}
            value={date}
            onChange={(event) => {
              setDate(event.currentTarget.value);
              setMissing(false);
            }}
            error={
              missing ? t('finance:runs.create.dateRequired') : problem?.fieldError('executionDate')
            }
          />
          <ProblemAlert
            error={create.error}
            explain={{ invalid_state: 'finance:runs.create.inProgress' }}
            fieldsOnForm
          />
          <Group>
            <BusyButton type="submit" busy={create.isPending}>
              {t('finance:runs.create.submit')}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
