import { Alert, Blockquote, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Report } from './queries';

/** What the report's status means for the office: its review, or whose turn it is. */
export function OfficeReportNotice({ report }: { report: Report }) {
  const { t } = useTranslation('oversight');
  switch (report.status) {
    case 'submitted':
      return (
        <Alert color="blue" role="note" title={t('oversight:notice.submittedTitle')}>
          {t('oversight:notice.submitted')}
        </Alert>
      );
    case 'changes_requested':
      return (
        <Alert
          color="orange"
          variant="outline"
          role="note"
          title={t('oversight:notice.changesTitle')}
        >
          <Text size="sm">{t('oversight:notice.changes')}</Text>
          {report.changesMessage && (
            <Blockquote color="orange" p="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {report.changesMessage}
            </Blockquote>
          )}
        </Alert>
      );
    case 'accepted':
      return (
        <Alert color="green" role="note" title={t('oversight:notice.acceptedTitle')}>
          {t('oversight:notice.accepted')}
        </Alert>
      );
    default:
      return (
        <Alert color="gray" role="note" title={t('oversight:notice.draftTitle')}>
          {t('oversight:notice.draft')}
        </Alert>
      );
  }
}
