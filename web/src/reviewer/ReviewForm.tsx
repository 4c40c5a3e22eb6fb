import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { ProblemAlert } from '../ui/States';
import { pick } from './Bilingual';
import { BusyButton } from '../ui/BusyButton';
import {
  type Assignment,
  type Criterion,
  keys,
  RECOMMENDATIONS,
  type Recommendation,
  type ReviewBody,
  saveReview,
  submitReview,
} from './reviewApi';

type Score = number | '';

interface Draft {
  scores: Record<string, Score>;
  comment: string;
  recommendation: Recommendation | null;
}

type FieldErrors = Record<string, string>;

const draftOf = (review: Assignment['review'], rubric: Criterion[]): Draft => ({
  scores: Object.fromEntries(rubric.map((c) => [c.key, review.scores[c.key] ?? ''])),
  comment: review.comment ?? '',
  recommendation: review.recommendation,
});

const bodyOf = (draft: Draft): ReviewBody => ({
  scores: Object.fromEntries(
    Object.entries(draft.scores).filter((entry): entry is [string, number] => entry[1] !== ''),
  ),
  comment: draft.comment || undefined,
  recommendation: draft.recommendation ?? undefined,
});

const scoreId = (key: string) => `review-score-${key}`;
const FIRST_RECOMMENDATION_ID = `review-recommendation-${RECOMMENDATIONS[0]}`;

/** The draft review of an assigned reviewer: scores per criterion, comment, recommendation. */
export function ReviewForm({
  assignment,
  etag,
  rubric,
  onReload,
  onSubmitted,
}: {
  assignment: Assignment;
  etag: string | null;
  rubric: Criterion[];
  onReload: () => void;
  onSubmitted: () => void;
}) {
  const { t } = useTranslation(['reviews', 'common']);
  const queries = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(assignment.review, rubric));
  const [local, setLocal] = useState<FieldErrors>({});
  const [confirming, { open, close }] = useDisclosure(false);

  const action = useMutation({
    mutationFn: async (andSubmit: boolean) => {
      const saved = await saveReview(assignment.id, bodyOf(draft), etag);
      queries.setQueryData(keys.assignment(assignment.id), saved);
      return andSubmit ? submitReview(assignment.id) : saved;
    },
    onSuccess: (result, andSubmit) => {
      queries.setQueryData(keys.assignment(assignment.id), result);
      notifications.show({
        closeButtonProps: { 'aria-label': t('reviews:close') },
        color: 'green',
        message: t(andSubmit ? 'reviews:submit.done' : 'reviews:form.saved'),
      });
      if (andSubmit) {
        void queries.invalidateQueries({ queryKey: keys.list });
        close();
        onSubmitted();
      }
    },
    onError: close,
  });

  const problem = action.error instanceof ApiProblem ? action.error : null;
  const errorOf = (field: string) => local[field] ?? problem?.fieldError(field);

  const edit = (field: string, change: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setLocal(({ [field]: _, ...rest }) => rest);
  };

  const check = (forSubmit: boolean) => {
    const errors: FieldErrors = {};
    for (const c of rubric) {
      const score = draft.scores[c.key];
      if (score === '') {
        if (forSubmit) errors[`scores.${c.key}`] = t('reviews:form.required');
      } else if (!Number.isInteger(score) || score < 0 || score > c.maxScore) {
        errors[`scores.${c.key}`] = t('reviews:form.range', { max: c.maxScore });
      }
    }
    if (forSubmit && !draft.recommendation) errors.recommendation = t('reviews:form.required');
    setLocal(errors);
    const first = Object.keys(errors)[0];
    if (first) {
      const id =
        first === 'recommendation'
          ? FIRST_RECOMMENDATION_ID
          : scoreId(first.replace('scores.', ''));
      document.getElementById(id)?.focus();
    }
    return !first;
  };

  const saveDraft = (event: React.FormEvent) => {
    event.preventDefault();
    if (!action.isPending && check(false)) action.mutate(false);
  };

  return (
    <>
      <form onSubmit={saveDraft} noValidate>
        <Stack>
          <Title order={3}>{t('reviews:form.heading')}</Title>
          <Text size="sm" c="dimmed">
            {t('reviews:form.intro')}
          </Text>
          {rubric.map((criterion) => (
            <ScoreInput
              key={criterion.key}
              criterion={criterion}
              value={draft.scores[criterion.key] ?? ''}
              error={errorOf(`scores.${criterion.key}`)}
              onChange={(score) =>
                edit(`scores.${criterion.key}`, {
                  scores: { ...draft.scores, [criterion.key]: score },
                })
              }
            />
          ))}
          <Radio.Group
            label={t('reviews:form.recommendation')}
            value={draft.recommendation}
            onChange={(value) =>
              edit('recommendation', { recommendation: value as Recommendation })
            }
            error={errorOf('recommendation')}
          >
            <Stack gap="xs" mt="xs">
              {RECOMMENDATIONS.map((r) => (
                <Radio
                  key={r}
                  id={`review-recommendation-${r}`}
                  value={r}
                  label={t(`reviews:form.recommendations.${r}`)}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('reviews:form.comment')}
            description={t('reviews:form.commentHint')}
            autosize
            minRows={4}
            maxLength={10000}
            value={draft.comment}
            onChange={(event) => edit('comment', { comment: event.currentTarget.value })}
            error={errorOf('comment')}
          />
          {Object.keys(local).length > 0 && (
            <Alert color="red" role="alert">
              {t('reviews:form.incomplete')}
            </Alert>
          )}
          <ActionProblem problem={problem} error={action.error} onReload={onReload} />
          <Group>
            <BusyButton type="submit" variant="default" busy={action.isPending && !confirming}>
              {t('reviews:form.saveDraft')}
            </BusyButton>
            <Button type="button" onClick={() => check(true) && open()}>
              {t('reviews:form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={confirming}
        onClose={close}
        title={t('reviews:submit.title')}
        centered

        closeButtonProps={{ 'aria-label': t('reviews:close') }}
      >
        <Stack>
          <Text size="sm">{t('reviews:submit.body')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common:cancel')}
            </Button>
            <BusyButton
              busy={action.isPending}
              onClick={() => action.isPending || action.mutate(true)}
            >
              {t('reviews:submit.confirm')}
            </BusyButton>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ScoreInput({
  criterion,
  value,
  error,
  onChange,
}: {
  criterion: Criterion;
  value: Score;
  error?: string;
  onChange: (score: Score) => void;
}) {
  const { t, i18n } = useTranslation('reviews');
  const label = pick(criterion.label, i18n.language);
  return (
    <NumberInput
      id={scoreId(criterion.key)}
      label={<span lang={label.lang}>{label.text}</span>}
      description={
        <>
          {label.other && <span lang={label.otherLang}>{label.other} · </span>}
          {t('reviews:form.scale', { weight: criterion.weight, max: criterion.maxScore })}
        </>
      }
      min={0}
      max={criterion.maxScore}
      step={1}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="strict"
      inputMode="numeric"
      maw={320}
      value={value}
      onChange={(next) =>
        onChange(typeof next === 'number' ? next : next === '' ? '' : Number(next))
      }
      error={error}
    />
  );
}

/** A refusal of the save or submit; a stale or finished review offers to load what is saved. */
function ActionProblem({
  problem,
  error,
  onReload,
}: {
  problem: ApiProblem | null;
  error: unknown;
  onReload: () => void;
}) {
  const { t } = useTranslation(['reviews', 'common']);
  if (problem?.status === 412) {
    return (
      <Alert color="blue" title={problem.title} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('reviews:form.stale')}</Text>
          <Button size="xs" variant="default" onClick={onReload}>
            {t('reviews:form.reload')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return <ProblemAlert error={error} onRetry={problem?.status === 409 ? onReload : undefined} />;
}
