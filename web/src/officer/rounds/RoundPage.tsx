import { Alert, Anchor, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { pickText } from '../../city/applications/names';
import { Warning } from '../../city/applications/Warning';
import { formatDate } from '../../time';
import { PageLoader, ProblemAlert } from '../../ui/States';
import { BudgetView } from './BudgetView';
import { type Round, roundQuery, TRANSITIONS, useManagesRounds } from './data';
import { openingProblems } from './opening';
import { Section } from './Section';
import { RoundStatusBadge } from './StatusBadge';
import { TransitionButton } from './TransitionButton';
import { usZonesOf, Zones } from './Zones';

export function Component() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['rounds', 'common']);
  const manages = useManagesRounds();
  const round = useQuery(roundQuery(id));
  const [refusal, setRefusal] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  if (round.isPending) return <PageLoader />;
  if (round.isError) {
    return (
      <Stack>
        <BackLink />
        <Title order={2}>{t('rounds:page.heading')}</Title>
        <ProblemAlert error={round.error} onRetry={() => void round.refetch()} />
      </Stack>
    );
  }
  const current = round.data.round;
  const title = pickText(current.title, i18n.language);
  const action = TRANSITIONS[current.status];

  /** After a transition, done or refused, the keyboard goes to the heading above the outcome. */
  const done = (error: unknown) => {
    setRefusal(error);
    requestAnimationFrame(() => heading.current?.focus());
  };

  return (
    <Stack gap="lg">
      <div>
        <BackLink />
        <Title order={2} mt="xs" lang={title.lang} ref={heading} tabIndex={-1}>
          {title.text || current.code}
        </Title>
        <Group gap="sm" mt={4}>
          <RoundStatusBadge status={current.status} />
          <Text size="sm" c="dimmed">
            {t('rounds:page.code', { code: current.code })}
          </Text>
        </Group>
      </div>

      {refusal !== null && <Refusal error={refusal} round={current} />}

      {manages && (
        <Group>
          {current.status === 'draft' && (
            <Button variant="default" component={Link} to={`/rounds/${current.id}/edit`}>
              {t('rounds:page.edit')}
            </Button>
          )}
          {action && (
            <TransitionButton key={action} round={current} action={action} onDone={done} />
          )}
          {current.status !== 'draft' && (
            <>
              <Anchor component={Link} to={`/office/applications?roundId=${current.id}`}>
                {t('rounds:page.applications')}
              </Anchor>
              <Anchor component={Link} to={`/rounds/${current.id}/ranking`}>
                {t('rounds:page.ranking')}
              </Anchor>
            </>
          )}
        </Group>
      )}
      {manages && current.status === 'draft' && <Readiness round={current} />}
      <Text size="sm" c="dimmed">
        {t(`rounds:page.statusHelp.${current.status}`)}
      </Text>

      <Section title={t('rounds:page.window')}>
        <Schedule round={current} />
      </Section>
      <Section title={t('rounds:budget.title')} hint={t('rounds:budget.hint')}>
        <BudgetView round={current} />
      </Section>
      <Section title={t('rounds:rubric.title')}>
        <Text size="sm">
          {t('rounds:page.reviewers', { count: current.reviewersPerApplication })}
        </Text>
        <RubricTable round={current} />
      </Section>
      <Section title={t('rounds:tranches.title')}>
        <TranchesTable round={current} />
      </Section>
      <Section title={t('rounds:reports.title')}>
        <ReportsTable round={current} />
      </Section>
    </Stack>
  );
}

function BackLink() {
  const { t } = useTranslation(['rounds']);
  return (
    <Anchor component={Link} to="/rounds" size="sm">
      {t('rounds:page.back')}
    </Anchor>
  );
}

/** What a draft still lacks before it can open, so the officer fixes it before trying. */
function Readiness({ round }: { round: Round }) {
  const { t } = useTranslation(['rounds']);
  const problems = openingProblems(round, t);
  if (problems.length === 0) {
    return (
      <Text size="sm" fw={500}>
        {t('rounds:opening.ready')}
      </Text>
    );
  }
  return (
    <Warning title={t('rounds:opening.notReady')}>
      <List size="sm">
        {problems.map((p) => (
          <List.Item key={p.text}>{p.text}</List.Item>
        ))}
      </List>
    </Warning>
  );
}

/**
 * The API's refusal of a transition. A refused opening lists what is missing, field by field, in
 * the officer's language (the API's reasons are English); any other refusal (another officer moved
 * the round first) is the API's own problem text, above the round as it now is.
 */
function Refusal({ error, round }: { error: unknown; round: Round }) {
  const { t } = useTranslation(['rounds', 'common']);
  if (error instanceof ApiProblem && error.code === 'rule_violation' && error.errors.length) {
    const ours = openingProblems(round, t);
    const reasons = error.errors.map(
      (e) => ours.find((p) => p.field === e.field)?.text ?? e.message,
    );
    return (
      <Alert color="red" role="alert" title={error.title}>
        <Stack gap={4}>
          <Text size="sm">{t('rounds:opening.refused')}</Text>
          <List size="sm">
            {[...new Set(reasons)].map((reason) => (
              <List.Item key={reason}>{reason}</List.Item>
            ))}
          </List>
          {error.requestId && (
            <Text size="xs" c="dimmed">
              {t('common:requestId', { id: error.requestId })}
            </Text>
          )}
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap={0}>
      <ProblemAlert error={error} />
      {error instanceof ApiProblem && error.code === 'invalid_state' && (
        <Text size="sm">{t('rounds:page.movedElsewhere')}</Text>
      )}
    </Stack>
  );
}

function Schedule({ round }: { round: Round }) {
  const { t } = useTranslation(['rounds']);
  const usZones = usZonesOf(round.schedule.closesAt);
  return (
    <Group align="flex-start" gap="xl">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('rounds:form.opensAt')}
        </Text>
        <Zones iso={round.opensAt} usZones={usZones} />
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('rounds:form.closesAt')}
        </Text>
        <Zones iso={round.closesAt} usZones={usZones} />
      </Stack>
    </Group>
  );
}

function RubricTable({ round }: { round: Round }) {
  const { t } = useTranslation(['rounds']);
  if (round.rubric.length === 0) return <Text c="dimmed">{t('rounds:rubric.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label={t('rounds:rubric.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('rounds:rubric.labelEn')}</Table.Th>
            <Table.Th scope="col">{t('rounds:rubric.labelJa')}</Table.Th>
            <Table.Th scope="col">{t('rounds:rubric.weight')}</Table.Th>
            <Table.Th scope="col">{t('rounds:rubric.maxScore')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {round.rubric.map((criterion) => (
            <Table.Tr key={criterion.key}>
              <Table.Td lang="en">{criterion.label.en ?? '—'}</Table.Td>
              <Table.Td lang="ja">{criterion.label.ja ?? '—'}</Table.Td>
              <Table.Td>{criterion.weight}</Table.Td>
              <Table.Td>{criterion.maxScore}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TranchesTable({ round }: { round: Round }) {
  const { t } = useTranslation(['rounds']);
  if (round.trancheSchedule.length === 0) {
    return <Text c="dimmed">{t('rounds:tranches.none')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="xs" aria-label={t('rounds:tranches.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('rounds:tranches.key')}</Table.Th>
            <Table.Th scope="col">{t('rounds:tranches.percent')}</Table.Th>
            <Table.Th scope="col">{t('rounds:tranches.releaseOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {round.trancheSchedule.map((tranche) => (
            <Table.Tr key={tranche.key}>
              <Table.Td>{tranche.key}</Table.Td>
              <Table.Td>{tranche.percent}%</Table.Td>
              <Table.Td>{t(`rounds:release.${tranche.releaseOn}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ReportsTable({ round }: { round: Round }) {
  const { t, i18n } = useTranslation(['rounds']);
  if (round.reportsRequired.length === 0) {
    return <Text c="dimmed">{t('rounds:reports.none')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" aria-label={t('rounds:reports.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('rounds:reports.kind')}</Table.Th>
            <Table.Th scope="col">{t('rounds:reports.dueOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {round.reportsRequired.map((report, index) => (
            <Table.Tr key={index}>
              <Table.Td>{t(`rounds:reportKind.${report.kind}`)}</Table.Td>
              <Table.Td>{formatDate(report.dueOn, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
