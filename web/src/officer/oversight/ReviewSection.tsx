import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusWhen } from '../../reviewer/useFocusWhen';
import { ProblemAlert } from '../../ui/States';
import { AcceptButton } from './AcceptButton';
import { keys, type Report } from './queries';
import { RequestChangesButton } from './RequestChangesButton';

/**
 * The office's decision on a submitted report: accept it, or send it back with a message. A
 * refusal because the report moved on meanwhile is explained here, above the report as it is now.
 */
export function ReviewSection({ report }: { report: Report }) {
  const { t } = useTranslation('oversight');
  const queries = useQueryClient();
  const [refusal, setRefusal] = useState<unknown>(null);
  const alert = useFocusWhen<HTMLDivElement>(refusal !== null);

  const done = (next: Report, message: string) => {
    setRefusal(null);
    queries.setQueryData(keys.report(report.id), next);
    void queries.invalidateQueries({ queryKey: keys.allReports });
    notifications.show({
      closeButtonProps: { 'aria-label': t('oversight:close') },
      color: 'green',
      message,
    });
  };
  const stale = (error: unknown) => {
    setRefusal(error);
    void queries.invalidateQueries({ queryKey: keys.report(report.id) });
    void queries.invalidateQueries({ queryKey: keys.allReports });
  };

  return (
    <section aria-labelledby="office-review">
      <Title order={3} id="office-review" mb="sm">
        {t('oversight:review.title')}
      </Title>
      <Stack>
        {refusal !== null && (
          <Alert
            ref={alert}
            tabIndex={-1}
            role="note"
            color="orange"
            variant="outline"
            title={t('oversight:review.staleTitle')}
          >
            <Text size="sm">{t('oversight:review.stale')}</Text>
            <ProblemAlert error={refusal} />
          </Alert>
        )}
        {report.status === 'submitted' ? (
          <>
            <Text size="sm">{t('oversight:review.intro')}</Text>
            <Group>
              <AcceptButton
                report={report}
                onStale={stale}
                onAccepted={(accepted) =>
                  done(
                    accepted,
                    accepted.releasedDisbursementIds.length
                      ? t('oversight:accept.done', {
                          count: accepted.releasedDisbursementIds.length,
                        })
                      : t('oversight:accept.doneNothing'),
                  )
                }
              />
              <RequestChangesButton
                report={report}
                onStale={stale}
                onSent={(sent) => done(sent, t('oversight:changes.done'))}
              />
            </Group>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('oversight:review.nothing')}
          </Text>
        )}
      </Stack>
    </section>
  );
}
