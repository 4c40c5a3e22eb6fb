import { Group, NativeSelect, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { ProblemAlert } from '../../ui/States';
import {
  EXPORT_TYPES,
  type ExportFormat,
  formatsOf,
  type ExportType,
  keys,
  NEEDS_ROUND,
  requestExport,
  useRounds,
} from './queries';
import { roundName } from './rounds';

/** No round chosen: every round, for the kinds that may span them. */
const EVERY_ROUND = '';

/** Asking the worker for an export: its kind, the round it covers, CSV or XLSX. */
export function ExportForm() {
  const { t, i18n } = useTranslation('oversight');
  const queries = useQueryClient();
  const rounds = useRounds();
  const [type, setType] = useState<ExportType>('round_summary');
  const [roundId, setRoundId] = useState(EVERY_ROUND);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [missingRound, setMissingRound] = useState(false);
  const roundField = useRef<HTMLSelectElement>(null);
  const needsRound = NEEDS_ROUND.includes(type);

  const request = useMutation({
    mutationFn: () => requestExport({ type, format, ...(roundId ? { roundId } : {}) }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: keys.exports });
      notifications.show({
        closeButtonProps: { 'aria-label': t('oversight:close') },
        color: 'green',
        message: t('oversight:exports.form.done'),
      });
    },
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (request.isPending) return;
    if (needsRound && !roundId) {
      setMissingRound(true);
      roundField.current?.focus();
      return;
    }
    request.mutate();
  };

  const problem = request.error instanceof ApiProblem ? request.error : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-request">
      <Title order={3} id="export-request" mb="sm">
        {t('oversight:exports.form.title')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack maw={560}>
          <NativeSelect
            label={t('oversight:exports.form.type')}
            description={t(`oversight:exports.describe.${type}`)}
            value={type}
            onChange={(event) => {
              const next = event.currentTarget.value as ExportType;
              setType(next);
              if (!formatsOf(next).includes(format)) setFormat('csv');
              setMissingRound(false);
            }}
            data={EXPORT_TYPES.map((value) => ({
              value,
              label: t(`oversight:exports.type.${value}`),
            }))}
          />
          <NativeSelect
            ref={roundField}
            label={t('oversight:exports.form.round')}
            description={t(
              needsRound
                ? 'oversight:exports.form.roundNeeded'
                : 'oversight:exports.form.roundOptional',
            )}
            required={needsRound}
            value={roundId}
            onChange={(event) => {
              setRoundId(event.currentTarget.value);
              setMissingRound(false);
            }}
            data={[
              {
                value: EVERY_ROUND,
                label: needsRound
                  ? t('oversight:exports.form.chooseRound')
                  : t('oversight:exports.form.everyRound'),
              },
              ...(rounds.data ?? []).map((round) => ({
                value: round.id,
                label: roundName(round, i18n.language),
              })),
            ]}
            error={
              missingRound
                ? t('oversight:exports.form.roundRequired')
                : problem?.fieldError('roundId')
            }
          />
          {rounds.isError && (
            <ProblemAlert error={rounds.error} onRetry={() => void rounds.refetch()} />
          )}
          <Radio.Group
            label={t('oversight:exports.form.format')}
            value={format}
            onChange={(value) => setFormat(value as ExportFormat)}
          >
            <Group mt={6}>
              {formatsOf(type).map((value) => (
                <Radio key={value} value={value} label={t(`oversight:exports.format.${value}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            {t('oversight:exports.form.hint')}
          </Text>
          <ProblemAlert error={request.error} fieldsOnForm />
          <Group>
            <BusyButton type="submit" busy={request.isPending}>
              {t('oversight:exports.form.submit')}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
