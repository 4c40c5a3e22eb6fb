import { Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import type { Application, Partnership, Round } from '../../city/applications/data';
import { cityName, cityOfSide } from '../../city/applications/names';
import { BusyButton } from '../../ui/BusyButton';
import { formatInstant, JAPAN_TIME_ZONE } from '../../time';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { STAFFABLE_ROUNDS } from './AutoAssign';
import {
  assignReviewer,
  type AssignmentItem,
  type Candidate,
  type Conflict,
  keys,
  useAssignments,
  useCandidates,
} from './data';

/** Applications the office may staff by hand (SPEC §5.3: submitted, or already in review). */
const ASSIGNABLE: Application['status'][] = ['submitted', 'in_review'];

/** A conflict of interest in the user's language, naming the city it concerns. */
export function useConflictText(partnership?: Partnership) {
  const { t, i18n } = useTranslation(['decisions', 'common']);
  return (conflict: Conflict) =>
    t(`decisions:conflict.${conflict.reason}`, {
      side: t(`common:sides.${conflict.side}`),
      city: partnership ? cityName(cityOfSide(partnership, conflict.side), i18n.language) : '—',
      region: conflict.region ?? '',
    });
}

/** Who reviews the application, and assigning one more by hand. */
export function Reviewers({
  application,
  round,
  partnership,
  mayAssign,
  onChanged,
}: {
  application: Application;
  round?: Round;
  partnership?: Partnership;
  mayAssign: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation(['decisions', 'rounds']);
  const assignments = useAssignments(application.id);
  // The reviewer directory (names, regions, conflicts) is the office's; an auditor sees ids.
  const candidates = useCandidates(application.id, mayAssign);
  const byId = new Map((candidates.data ?? []).map((c) => [c.id, c]));
  const required = round?.reviewersPerApplication;
  const submitted = (assignments.data ?? []).filter((a) => a.status === 'submitted').length;

  return (
    <Stack gap="md">
      {required !== undefined && (
        <Text size="sm">{t('decisions:assign.intro', { count: required })}</Text>
      )}
      {assignments.isPending ? (
        <PageLoader />
      ) : !assignments.data ? (
        <ProblemAlert error={assignments.error} onRetry={() => void assignments.refetch()} />
      ) : assignments.data.length === 0 ? (
        <Empty>{t('decisions:assign.none')}</Empty>
      ) : (
        <>
          {required !== undefined && (
            <Text size="sm" fw={600}>
              {t('decisions:assign.progress', { submitted, required })}
            </Text>
          )}
          <AssignmentTable rows={assignments.data} reviewers={byId} />
        </>
      )}
      {mayAssign && (
        <AssignForm
          application={application}
          round={round}
          partnership={partnership}
          candidates={candidates.data}
          candidatesError={candidates.error}
          onAssigned={() => {
            void assignments.refetch();
            void candidates.refetch();
            onChanged();
          }}
        />
      )}
    </Stack>
  );
}

function AssignmentTable({
  rows,
  reviewers,
}: {
  rows: AssignmentItem[];
  reviewers: Map<string, Candidate>;
}) {
  const { t, i18n } = useTranslation(['decisions']);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder verticalSpacing="xs" aria-label={t('decisions:assign.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('decisions:assign.reviewer')}</Table.Th>
            <Table.Th scope="col">{t('decisions:assign.base')}</Table.Th>
            <Table.Th scope="col">{t('decisions:assign.status')}</Table.Th>
            <Table.Th scope="col">{t('decisions:assign.source')}</Table.Th>
            <Table.Th scope="col">{t('decisions:assign.assignedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const reviewer = reviewers.get(row.reviewerId);
            return (
              <Table.Tr key={row.id}>
                <Table.Td>{reviewer?.displayName ?? row.reviewerId.slice(0, 8)}</Table.Td>
                <Table.Td>{reviewer?.region ?? '—'}</Table.Td>
                <Table.Td>{t(`decisions:assign.statuses.${row.status}`)}</Table.Td>
                <Table.Td>{t(`decisions:assign.sources.${row.source}`)}</Table.Td>
                <Table.Td>{formatInstant(row.assignedAt, JAPAN_TIME_ZONE, i18n.language)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Picking a reviewer: those without a conflict first, the conflicted ones marked with why. A
 * conflicted pick is still sent, so the office hears the API's own refusal, and the reason is
 * shown in the user's language under the field.
 */
function AssignForm({
  application,
  round,
  partnership,
  candidates,
  candidatesError,
  onAssigned,
}: {
  application: Application;
  round?: Round;
  partnership?: Partnership;
  candidates?: Candidate[];
  candidatesError: unknown;
  onAssigned: () => void;
}) {
  const { t } = useTranslation(['decisions', 'rounds', 'applications']);
  const queries = useQueryClient();
  const conflictText = useConflictText(partnership);
  const [reviewerId, setReviewerId] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLSelectElement>(null);
  const assign = useMutation({
    mutationFn: (id: string) => assignReviewer(application.id, id),
    onSuccess: (_, id) => {
      const name = candidates?.find((c) => c.id === id)?.displayName ?? '';
      notifications.show({
        closeButtonProps: { 'aria-label': t('decisions:close') },
        color: 'green',
        message: t('decisions:assign.done', { name }),
      });
      setReviewerId('');
      void queries.invalidateQueries({ queryKey: keys.all });
      onAssigned();
    },
    onError: () => field.current?.focus(),
  });

  if (!ASSIGNABLE.includes(application.status)) {
    return <Text size="sm">{t('decisions:assign.notAssignable')}</Text>;
  }
  if (round && !STAFFABLE_ROUNDS.includes(round.status)) {
    return (
      <Text size="sm">
        {t('decisions:assign.closedRound', { status: t(`rounds:status.${round.status}`) })}
      </Text>
    );
  }
  if (!candidates) {
    return candidatesError ? <ProblemAlert error={candidatesError} /> : <PageLoader />;
  }
  // Reviewers already on it (declined ones too: the API never assigns those again) are no choice.
  const choices = candidates.filter((c) => c.assignment === null);
  if (choices.length === 0) return <Text size="sm">{t('decisions:assign.noCandidates')}</Text>;

  const chosen = choices.find((c) => c.id === reviewerId);
  const problem = assign.error instanceof ApiProblem ? assign.error : null;
  const refusedFor = candidates.find((c) => c.id === assign.variables);
  // The refusal's reason in the user's language: the conflict the candidate list states.
  const refusal =
    problem?.status === 422 && refusedFor?.conflict
      ? t('decisions:assign.refused', { reason: conflictText(refusedFor.conflict) })
      : problem?.fieldError('reviewerId');
  const warning =
    chosen?.conflict && !assign.isError
      ? t('decisions:assign.conflictWarning', { reason: conflictText(chosen.conflict) })
      : undefined;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (assign.isPending) return;
    if (!reviewerId) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    assign.mutate(reviewerId);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Group align="flex-start">
          <NativeSelect
            ref={field}
            label={t('decisions:assign.pick')}
            description={t('decisions:assign.pickHint')}
            value={reviewerId}
            w={{ base: '100%', sm: 520 }}
            onChange={(event) => {
              setReviewerId(event.currentTarget.value);
              setMissing(false);
              assign.reset();
            }}
            error={missing ? t('decisions:assign.required') : (refusal ?? warning)}
            data={[
              { value: '', label: t('decisions:assign.choose') },
              ...choices.map((c) => ({
                value: c.id,
                label: t(
                  c.conflict ? 'decisions:assign.optionConflict' : 'decisions:assign.option',
                  {
                    name: c.displayName,
                    region: c.region ?? '—',
                    load: c.load,
                  },
                ),
              })),
            ]}
          />
        </Group>
        <Group>
          <BusyButton type="submit" busy={assign.isPending}>
            {t('decisions:assign.submit')}
          </BusyButton>
        </Group>
        {assign.isError && <ProblemAlert error={assign.error} fieldsOnForm={Boolean(refusal)} />}
      </Stack>
    </form>
  );
}
