import { Alert, Anchor, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Attachments } from '../city/documents/Attachments';
import { PageLoader, ProblemAlert } from '../ui/States';
import { ApplicationDetails } from './ApplicationDetails';
import { pick } from './Bilingual';
import { DeclineButton } from './DeclineButton';
import { DEVICE_TIME_ZONE, formatInstant } from '../time';
import { ReviewForm } from './ReviewForm';
import {
  type Assignment,
  applicationQuery,
  assignmentQuery,
  roundQuery,
  type Versioned,
} from './reviewApi';
import { StatusBadge } from './StatusBadge';
import { SubmittedReview } from './SubmittedReview';
import { useFocusWhen } from './useFocusWhen';

export function Component() {
  const { t } = useTranslation('reviews');
  const { id = '' } = useParams();
  const query = useQuery(assignmentQuery(id));
  const [formKey, setFormKey] = useState(0);

  const reload = async () => {
    await query.refetch();
    setFormKey((key) => key + 1);
  };

  if (query.isPending) return <PageLoader />;
  if (!query.data) {
    return (
      <Stack>
        <BackLink />
        <Title order={2}>{t('reviews:detail.heading')}</Title>
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  return (
    <AssignmentView key={id} {...query.data} formKey={formKey} onReload={() => void reload()} />
  );
}

function BackLink() {
  const { t } = useTranslation('reviews');
  return (
    <Anchor component={Link} to="/assignments" size="sm" w="fit-content">
      ← {t('reviews:detail.back')}
    </Anchor>
  );
}

/** What changed under the user's last action, to take the keyboard focus there. */
type Moved = 'submitted' | 'declined' | null;

function AssignmentView({
  assignment,
  etag,
  formKey,
  onReload,
}: Versioned & { formKey: number; onReload: () => void }) {
  const { t, i18n } = useTranslation(['reviews', 'common']);
  const declined = assignment.status === 'declined';
  const application = useQuery({
    ...applicationQuery(assignment.applicationId),
    enabled: !declined,
  });
  const round = useQuery(roundQuery(assignment.roundId));
  const [moved, setMoved] = useState<Moved>(null);
  const title = pick(assignment.applicationTitle, i18n.language);

  return (
    <Stack>
      <BackLink />
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} lang={title.lang}>
            {title.text || t('reviews:detail.heading')}
          </Title>
          {title.other && (
            <Text c="dimmed" lang={title.otherLang}>
              {title.other}
            </Text>
          )}
        </div>
        {assignment.status === 'assigned' && (
          <DeclineButton assignmentId={assignment.id} onDeclined={() => setMoved('declined')} />
        )}
      </Group>
      <Facts assignment={assignment} roundTitle={round.data?.title} />
      {declined ? (
        <DeclinedNotice assignment={assignment} focus={moved === 'declined'} />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Paper withBorder p="md">
              {application.data ? (
                <Stack gap="lg">
                  <ApplicationDetails application={application.data} />
                  <Attachments
                    owner={{ type: 'application', id: application.data.id }}
                    canChange={false}
                  />
                </Stack>
              ) : application.isPending ? (
                <PageLoader />
              ) : (
                <ProblemAlert
                  error={application.error}
                  onRetry={() => void application.refetch()}
                />
              )}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Paper withBorder p="md">
              {round.isPending ? (
                <PageLoader />
              ) : !round.data ? (
                <ProblemAlert error={round.error} onRetry={() => void round.refetch()} />
              ) : !round.data.rubric.length ? (
                <Text>{t('reviews:form.noRubric')}</Text>
              ) : assignment.status === 'submitted' ? (
                <SubmittedReview
                  assignment={assignment}
                  rubric={round.data.rubric}
                  focus={moved === 'submitted'}
                />
              ) : (
                <ReviewForm
                  key={formKey}
                  assignment={assignment}
                  etag={etag}
                  rubric={round.data.rubric}
                  onReload={onReload}
                  onSubmitted={() => setMoved('submitted')}
                />
              )}
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function Facts({
  assignment,
  roundTitle,
}: {
  assignment: Assignment;
  roundTitle?: { en?: string; ja?: string };
}) {
  const { t, i18n } = useTranslation('reviews');
  const when = (iso: string) => formatInstant(iso, DEVICE_TIME_ZONE, i18n.language);
  const round = roundTitle ? pick(roundTitle, i18n.language) : null;
  return (
    <Group gap="md">
      <StatusBadge status={assignment.status} />
      <Text size="sm">{t('reviews:detail.assignedOn', { date: when(assignment.assignedAt) })}</Text>
      {assignment.submittedAt && (
        <Text size="sm">
          {t('reviews:detail.submittedOn', { date: when(assignment.submittedAt) })}
        </Text>
      )}
      {round?.text && (
        <Text size="sm">
          {t('reviews:detail.round')}: <span lang={round.lang}>{round.text}</span>
        </Text>
      )}
    </Group>
  );
}

function DeclinedNotice({ assignment, focus }: { assignment: Assignment; focus: boolean }) {
  const { t } = useTranslation('reviews');
  const notice = useFocusWhen<HTMLDivElement>(focus);
  return (
    <Alert ref={notice} tabIndex={-1} color="gray" title={t('reviews:decline.declinedTitle')}>
      <Stack gap="xs">
        {assignment.declineReason && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t('reviews:decline.declinedReason', { reason: assignment.declineReason })}
          </Text>
        )}
        <Text size="sm">{t('reviews:decline.declinedNote')}</Text>
      </Stack>
    </Alert>
  );
}
