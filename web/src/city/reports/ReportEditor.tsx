import { Button, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import type { Currency } from '../../money';
import { ProblemAlert } from '../../ui/States';
import { ExpenseLines } from './ExpenseLines';
import {
  apiExpenseErrors,
  draftsOf,
  emptyExpense,
  type ExpenseDraft,
  type ExpenseErrors,
  expensesOf,
  filledLines,
} from './expenses';
import { type NarrativeDraft, narrativeDraftOf, narrativeOf } from './narrative';
import { NarrativeFields } from './NarrativeFields';
import { SubmitReportModal } from './SubmitReportModal';

type Report = Schemas['ReportResponse'];

/** What the form would send, to tell whether it has changed (blank lines are not sent). */
const fingerprint = (narrative: NarrativeDraft, drafts: ExpenseDraft[]) =>
  JSON.stringify([narrative, filledLines(drafts).map(({ key: _key, ...line }) => line)]);

interface Props {
  report: Report;
  /** The currency a new expense line starts in. */
  currency: Currency;
}

/**
 * Edits a draft (or a report the office sent back) and submits it. Mount it with
 * `key={report.version}`: what the API stored replaces the form after each save.
 */
export function ReportEditor({ report, currency }: Props) {
  const { t } = useTranslation(['reports', 'common']);
  const queries = useQueryClient();
  const [initial] = useState(() => ({
    narrative: narrativeDraftOf(report.narrative),
    drafts: report.expenses.length ? draftsOf(report.expenses) : [emptyExpense(currency)],
  }));
  const [narrative, setNarrative] = useState(initial.narrative);
  const [drafts, setDrafts] = useState(initial.drafts);
  const [lineErrors, setLineErrors] = useState<ExpenseErrors>({});
  const [narrativeError, setNarrativeError] = useState<string>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const unsaved = fingerprint(narrative, drafts) !== fingerprint(initial.narrative, initial.drafts);

  /** The form's line of each expense last sent, to put the API's errors on. */
  const sent = useRef<number[]>([]);

  /** The form as the API takes it, or null (the problems are on the fields). */
  const checked = () => {
    const expenses = expensesOf(drafts, (key) => t(key));
    const text = narrativeOf(narrative);
    setLineErrors(expenses.errors ?? {});
    setNarrativeError(text ? undefined : t('reports:errors.narrative'));
    sent.current = expenses.sent;
    return expenses.expenses && text ? { narrative: text, expenses: expenses.expenses } : null;
  };

  const patch = async (body: NonNullable<ReturnType<typeof checked>>) =>
    unwrap(
      await api.PATCH('/api/v1/reports/{id}', {
        params: { path: { id: report.id }, header: { 'If-Match': `"${report.version}"` } },
        body,
      }),
    );

  const notify = (message: string) =>
    notifications.show({
      message,
      color: 'green',
      closeButtonProps: { 'aria-label': t('reports:close') },
    });

  const fail = (caught: unknown) => {
    setError(caught);
    if (caught instanceof ApiProblem) {
      setLineErrors(apiExpenseErrors(caught.errors, sent.current));
    }
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const body = checked();
    if (!body) return;
    setBusy('save');
    try {
      const saved = await patch(body);
      notify(t('common:saved'));
      queries.setQueryData(['report', report.id], saved);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    setError(null);
    const body = unsaved ? checked() : null;
    if (unsaved && !body) {
      setConfirming(false);
      return;
    }
    setBusy('submit');
    try {
      if (body) await patch(body);
      const submitted = unwrap(
        await api.POST('/api/v1/reports/{id}/submit', {
          params: { path: { id: report.id }, header: idempotencyKey() },
        }),
      );
      notify(t('reports:submit.done'));
      queries.setQueryData(['report', report.id], submitted);
      await queries.invalidateQueries({ queryKey: ['reports', { awardId: report.awardId }] });
    } catch (caught) {
      setConfirming(false);
      fail(caught);
      await queries.invalidateQueries({ queryKey: ['report', report.id] });
    } finally {
      setBusy(null);
    }
  };

  const problem = error instanceof ApiProblem ? error : null;
  return (
    <form onSubmit={(event) => void save(event)} noValidate aria-labelledby="edit-report">
      <Stack>
        <Title order={3} id="edit-report">
          {t('reports:edit.title')}
        </Title>
        <NarrativeFields
          value={narrative}
          onChange={setNarrative}
          errors={{
            en: problem?.fieldError('narrative.en') ?? narrativeError,
            ja: problem?.fieldError('narrative.ja') ?? narrativeError,
          }}
        />
        <Title order={4}>{t('reports:expense.title')}</Title>
        <ExpenseLines
          drafts={drafts}
          onChange={setDrafts}
          errors={lineErrors}
          currency={currency}
        />
        <ProblemAlert
          error={error}
          fieldsOnForm
          onRetry={
            problem?.code === 'precondition_failed'
              ? () => void queries.invalidateQueries({ queryKey: ['report', report.id] })
              : undefined
          }
        />
        <Group>
          <Button type="submit" variant="default" loading={busy === 'save'} disabled={!unsaved}>
            {t('reports:edit.save')}
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={busy !== null}>
            {t('reports:submit.open')}
          </Button>
        </Group>
      </Stack>
      <SubmitReportModal
        opened={confirming}
        unsaved={unsaved}
        busy={busy === 'submit'}
        onClose={() => setConfirming(false)}
        onConfirm={() => void submit()}
      />
    </form>
  );
}
