import { DataList, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pick } from './Bilingual';
import { DEVICE_TIME_ZONE, formatInstant } from '../time';
import { formatShare } from './format';
import type { Assignment, Criterion } from './reviewApi';
import { useFocusWhen } from './useFocusWhen';

/** A submitted review, read-only: it is locked for good. */
export function SubmittedReview({
  assignment,
  rubric,
  focus,
}: {
  assignment: Assignment;
  rubric: Criterion[];
  focus: boolean;
}) {
  const { t, i18n } = useTranslation(['reviews', 'common']);
  const heading = useFocusWhen<HTMLHeadingElement>(focus);
  const { review } = assignment;
  return (
    <Stack>
      <Title order={3} ref={heading} tabIndex={-1}>
        {t('reviews:result.heading')}
      </Title>
      {assignment.submittedAt && (
        <Text size="sm">
          {t('reviews:result.locked', {
            date: formatInstant(assignment.submittedAt, DEVICE_TIME_ZONE, i18n.language),
          })}
        </Text>
      )}
      <ScoreTable rubric={rubric} scores={review.scores} />
      <DataList orientation="vertical" gap="md">
        {review.weightedScore !== null && (
          <DataList.Item>
            <DataList.ItemLabel fw={600}>{t('reviews:result.weighted')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {formatShare(review.weightedScore, i18n.language)}
            </DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel fw={600}>{t('reviews:form.recommendation')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {review.recommendation
              ? t(`reviews:form.recommendations.${review.recommendation}`)
              : '—'}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel fw={600}>{t('reviews:form.comment')}</DataList.ItemLabel>
          <DataList.ItemValue style={{ whiteSpace: 'pre-wrap' }}>
            {review.comment || t('reviews:result.noComment')}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Stack>
  );
}

function ScoreTable({ rubric, scores }: { rubric: Criterion[]; scores: Record<string, number> }) {
  const { t, i18n } = useTranslation('reviews');
  return (
    <Table captionSide="top" verticalSpacing="xs">
      <Table.Caption>{t('reviews:result.caption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('reviews:result.criterion')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('reviews:result.weight')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('reviews:result.score')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rubric.map((c) => {
          const label = pick(c.label, i18n.language);
          const score = scores[c.key];
          return (
            <Table.Tr key={c.key}>
              <Table.Th scope="row" fw={400}>
                <span lang={label.lang}>{label.text}</span>
                {label.other && (
                  <Text size="xs" c="dimmed" lang={label.otherLang}>
                    {label.other}
                  </Text>
                )}
              </Table.Th>
              <Table.Td ta="right">{c.weight}</Table.Td>
              <Table.Td ta="right">
                {score === undefined
                  ? t('reviews:result.notScored')
                  : t('reviews:result.scoreValue', { score, max: c.maxScore })}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
