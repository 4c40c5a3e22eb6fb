import { SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../money';
import { formatDate } from '../../time';
import { BudgetTotals, CAPTION } from './BudgetTotals';
import type { Application, Round } from './data';
import { totalsOf } from './form';
import type { Bilingual } from './names';

/** A text in both languages, side by side, each marked with its language. */
export function BothLanguages({ label, text }: { label: string; text: Bilingual }) {
  const { t } = useTranslation(['applications']);
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {label}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {(['en', 'ja'] as const).map((lang) => (
          <Stack gap={0} key={lang}>
            <Text size="xs" c="dimmed">
              {t(`applications:languages.${lang}`)}
            </Text>
            {text[lang] ? (
              <Text lang={lang} style={{ whiteSpace: 'pre-wrap' }}>
                {text[lang]}
              </Text>
            ) : (
              <Text c="dimmed" size="sm">
                {t('applications:detail.notGiven')}
              </Text>
            )}
          </Stack>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function Content({ application, round }: { application: Application; round?: Round }) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  return (
    <Stack gap="md">
      <BothLanguages label={t('applications:detail.titleLabel')} text={application.title} />
      <BothLanguages label={t('applications:detail.summaryLabel')} text={application.summary} />
      <Stack gap={0}>
        <Text fw={600} size="sm">
          {t('applications:detail.period')}
        </Text>
        <Text>
          {t('applications:detail.periodValue', {
            start: formatDate(application.startsOn, i18n.language),
            end: formatDate(application.endsOn, i18n.language),
          })}
        </Text>
      </Stack>
      <Table.ScrollContainer minWidth={600}>
        <Table striped withTableBorder captionSide="top" verticalSpacing="xs">
          <Table.Caption style={CAPTION}>{t('applications:budget.title')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('applications:budget.side')}</Table.Th>
              <Table.Th scope="col">{t('applications:budget.category')}</Table.Th>
              <Table.Th scope="col">{t('applications:budget.description')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('applications:budget.amount')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {application.budgetLines.map((line, index) => (
              <Table.Tr key={index}>
                <Table.Td>{t(`common:sides.${line.side}`)}</Table.Td>
                <Table.Td>{line.category}</Table.Td>
                <Table.Td>{line.description}</Table.Td>
                <Table.Td ta="right">
                  {formatMoney(line.amountMinor, line.currency, i18n.language)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <BudgetTotals
        totals={totalsOf(application.requested)}
        maxAward={round?.maxAward}
        caption={t('applications:budget.requestedCaption')}
      />
    </Stack>
  );
}
