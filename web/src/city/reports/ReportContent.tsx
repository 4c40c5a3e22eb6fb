import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { Empty } from '../../ui/States';
import { Money } from '../awards/Money';
import { ScrollTable } from '../awards/ScrollTable';

/** A report that can no longer be edited: its narrative and its expense lines. */
export function ReportContent({ report }: { report: Schemas['ReportResponse'] }) {
  const { t, i18n } = useTranslation('reports');
  const languages: ('en' | 'ja')[] = i18n.language === 'ja' ? ['ja', 'en'] : ['en', 'ja'];
  return (
    <Stack>
      {languages.map((language) =>
        report.narrative[language] ? (
          <div key={language}>
            <Title order={4}>{t(`reports:narrative.${language}`)}</Title>
            <Text lang={language} style={{ whiteSpace: 'pre-wrap' }} mt={4}>
              {report.narrative[language]}
            </Text>
          </div>
        ) : null,
      )}
      <Title order={4}>{t('reports:expense.title')}</Title>
      {report.expenses.length ? (
        <ScrollTable label={t('reports:expense.caption')} minWidth={560}>
          <Table withTableBorder striped captionSide="top">
            <Table.Caption>{t('reports:expense.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('reports:expense.category')}</Table.Th>
                <Table.Th scope="col">{t('reports:expense.description')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('reports:expense.amountLabel')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.expenses.map((expense, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{expense.category}</Table.Td>
                  <Table.Td>{expense.description}</Table.Td>
                  <Table.Td ta="right">
                    <Money minor={expense.amountMinor} currency={expense.currency} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : (
        <Empty>{t('reports:expense.none')}</Empty>
      )}
    </Stack>
  );
}
