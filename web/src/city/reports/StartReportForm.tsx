import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiProblem, api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import type { Currency } from '../../money';
import { formatDate } from '../../time';
import { ProblemAlert } from '../../ui/States';
import { clashingReport, type ReportKind, type ReportSide } from './clashes';
import { ExpenseLines } from './ExpenseLines';
import { apiExpenseErrors, emptyExpense, type ExpenseErrors, expensesOf } from './expenses';
import { narrativeOf } from './narrative';
import { NarrativeFields } from './NarrativeFields';
import { useRound } from './queries';

const KINDS: ReportKind[] = ['interim', 'final'];

interface Props {
  award: Schemas['AwardResponse'];
  /** The side of the signed-in user's city, when the award's application says. */
  mySide: 'JP' | 'US' | undefined;
  reports: Schemas['ReportResponse'][];
  onCancel: () => void;
}

/** Starts a grantee report of the award (a draft), then opens it. */
export function StartReportForm({ award, mySide, reports, onCancel }: Props) {
  const { t, i18n } = useTranslation(['reports', 'common']);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const round = useRound(award.roundId);
  const required = round.data?.reportsRequired;
  // The round says which reports are due: until it is known, the kind and the submit wait.
  const kinds = required?.length ? required.map((r) => r.kind) : KINDS;
  const sides: ReportSide[] = mySide ? [mySide, 'joint'] : ['JP', 'US', 'joint'];

  const [chosenKind, setKind] = useState<ReportKind | null>(null);
  const [side, setSide] = useState<ReportSide>(sides[0]);
  const kind = chosenKind ?? kinds.find((k) => !clashingReport(reports, k, side)) ?? kinds[0];
  const currencyOf = (s: ReportSide): Currency =>
    award.lines.find((line) => line.side === (s === 'joint' ? (mySide ?? 'JP') : s))?.currency ??
    'JPY';
  const [narrative, setNarrative] = useState({ en: '', ja: '' });
  const [drafts, setDrafts] = useState(() => [emptyExpense(currencyOf(sides[0]))]);
  const [lineErrors, setLineErrors] = useState<ExpenseErrors>({});
  const [narrativeError, setNarrativeError] = useState<string>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const clash = clashingReport(reports, kind, side);
  const dueOn = required?.find((r) => r.kind === kind)?.dueOn;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const checked = expensesOf(drafts, (key) => t(key));
    const text = narrativeOf(narrative);
    setLineErrors(checked.errors ?? {});
    setNarrativeError(text ? undefined : t('reports:errors.narrative'));
    if (!checked.expenses || !text) return;
    setBusy(true);
    try {
      const report = unwrap(
        await api.POST('/api/v1/awards/{id}/reports', {
          params: { path: { id: award.id }, header: idempotencyKey() },
          body: { kind, side, narrative: text, expenses: checked.expenses },
        }),
      );
      queries.setQueryData(['report', report.id], report);
      await queries.invalidateQueries({ queryKey: ['reports', { awardId: award.id }] });
      await navigate(`/reports/${report.id}`);
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiProblem) {
        setLineErrors(apiExpenseErrors(caught.errors, checked.sent));
      }
    } finally {
      setBusy(false);
    }
  };

  const problem = error instanceof ApiProblem ? error : null;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="start-report">
      <Stack>
        <Title order={3} id="start-report" ref={heading} tabIndex={-1}>
          {t('reports:start.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
          <NativeSelect
            label={t('reports:kindLabel')}
            value={kind}
            disabled={round.isPending}
            error={problem?.fieldError('kind')}
            data={kinds.map((k) => {
              const due = required?.find((r) => r.kind === k)?.dueOn;
              return {
                value: k,
                label: due
                  ? t('reports:start.kindDue', {
                      kind: t(`reports:kind.${k}`),
                      date: formatDate(due, i18n.language),
                    })
                  : t(`reports:kind.${k}`),
              };
            })}
            onChange={(event) => setKind(event.currentTarget.value as ReportKind)}
          />
          <NativeSelect
            label={t('reports:sideLabel')}
            description={t('reports:start.sideHint')}
            value={side}
            error={problem?.fieldError('side')}
            data={sides.map((s) => ({ value: s, label: t(`common:sides.${s}`) }))}
            onChange={(event) => setSide(event.currentTarget.value as ReportSide)}
          />
        </SimpleGrid>
        {clash && (
          <Alert color="yellow" role="status">
            {t('reports:start.clash', { kind: t(`reports:kind.${clash.kind}`) })}{' '}
            <Anchor component={Link} to={`/reports/${clash.id}`} underline="always">
              {t('reports:start.openExisting')}
            </Anchor>
          </Alert>
        )}
        {dueOn && !clash && (
          <Alert color="blue" role="status">
            {t('reports:start.due', { date: formatDate(dueOn, i18n.language) })}
          </Alert>
        )}
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
          currency={currencyOf(side)}
        />
        <ProblemAlert error={error} fieldsOnForm />
        <Group>
          <Button type="submit" loading={busy} disabled={Boolean(clash) || round.isPending}>
            {t('reports:start.submit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
