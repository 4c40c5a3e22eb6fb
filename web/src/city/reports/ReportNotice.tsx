import { Alert, Blockquote, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

/** What the status means for the city now; the office's request for changes above all. */
export function ReportNotice({ report }: { report: Schemas['ReportResponse'] }) {
  const { t } = useTranslation('reports');
  switch (report.status) {
    case 'changes_requested':
      return (
        <Alert color="orange" variant="outline" title={t('reports:notice.changesTitle')}>
          {report.changesMessage && (
            <Blockquote color="orange" p="sm" my="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {report.changesMessage}
            </Blockquote>
          )}
          <Text size="sm">{t('reports:notice.changesNext')}</Text>
        </Alert>
      );
    case 'submitted':
      return (
        <Alert color="blue" role="note" title={t('reports:notice.submittedTitle')}>
          {t('reports:notice.submitted')}
        </Alert>
      );
    case 'accepted':
      return (
        <Alert color="green" role="note" title={t('reports:notice.acceptedTitle')}>
          {t('reports:notice.accepted')}
        </Alert>
      );
    default:
      return (
        <Alert color="gray" role="note" title={t('reports:notice.draftTitle')}>
          {t('reports:notice.draft')}
        </Alert>
      );
  }
}
