import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Round } from '../../city/applications/data';
import { pickText } from '../../city/applications/names';
import { ProblemAlert } from '../../ui/States';
import { autoAssign, keys } from './data';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** Rounds whose applications can be staffed (the API refuses the others with 422). */
export const STAFFABLE_ROUNDS: Round['status'][] = ['open', 'closed'];

/**
 * The round's auto-assignment (SPEC §5.4), after a confirmation: it touches every submitted
 * application of the round. The report stays on the page, with the applications still short of
 * reviewers and why.
 */
export function AutoAssign({ round }: { round: Round }) {
  const { t, i18n } = useTranslation(['decisions', 'common']);
  const queries = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const run = useMutation({
    mutationFn: () => autoAssign(round.id),
    onSettled: () => {
      close();
      // Statuses, assignments and the ranking all changed.
      void queries.invalidateQueries({ queryKey: keys.all });
    },
  });
  if (!STAFFABLE_ROUNDS.includes(round.status)) return null;
  const roundTitle = pickText(round.title, i18n.language).text;
  const report = run.data;

  return (
    <Stack gap="xs">
      <Text size="sm">{t('decisions:auto.hint')}</Text>
      <Group>
        <Button variant="light" onClick={open}>
          {t('decisions:auto.button')}
        </Button>
      </Group>
      <ProblemAlert error={run.error} />
      {report && (
        <Alert color="green" title={t('decisions:auto.resultTitle')} role="status">
          <Stack gap={4}>
            <Text size="sm">
              {report.created === 0 && report.unstaffed.length === 0
                ? t('decisions:auto.nothing')
                : t('decisions:auto.result', {
                    created: report.created,
                    applications: report.applications,
                    moved: report.movedToInReview,
                  })}
            </Text>
            {report.unstaffed.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  {t('decisions:auto.unstaffedTitle')}
                </Text>
                <List size="sm">
                  {report.unstaffed.map((u) => (
                    <List.Item key={u.applicationId}>
                      <Anchor component={Link} to={`/office/applications/${u.applicationId}`}>
                        {t('decisions:auto.unstaffed', {
                          title: pickText(u.title, i18n.language).text,
                          count: u.missing,
                          reason: t(`decisions:auto.reasons.${u.reasonCode}`, u.reviewers),
                        })}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        </Alert>
      )}
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t('decisions:auto.confirmTitle')}
        body={t('decisions:auto.confirmBody', { round: roundTitle })}
        confirm={t('decisions:auto.confirm')}
        busy={run.isPending}
        onConfirm={() => run.mutate()}
      />
    </Stack>
  );
}
