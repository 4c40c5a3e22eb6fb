import { DataList, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../money';
import { formatDate } from '../time';
import { Bilingual } from './Bilingual';
import type { Application } from './reviewApi';

/** What the reviewer scores: the application's texts in both languages, its dates and budget. */
export function ApplicationDetails({ application }: { application: Application }) {
  const { t, i18n } = useTranslation(['reviews', 'common']);
  const language = i18n.language;
  return (
    <Stack gap="md">
      <Title order={3}>{t('reviews:application.heading')}</Title>
      <DataList orientation="vertical" gap="md">
        <DataList.Item>
          <DataList.ItemLabel fw={600}>{t('reviews:application.summary')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Bilingual text={application.summary} language={language} size="sm" />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel fw={600}>{t('reviews:application.period')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {t('reviews:application.periodValue', {
              start: formatDate(application.startsOn, language),
              end: formatDate(application.endsOn, language),
            })}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel fw={600}>{t('reviews:application.requested')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {application.requested.map((r) => (
              <div key={`${r.side}:${r.currency}`}>
                {t(`common:sides.${r.side}`)}: {formatMoney(r.amountMinor, r.currency, language)}
              </div>
            ))}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <BudgetLines application={application} />
    </Stack>
  );
}

function BudgetLines({ application }: { application: Application }) {
  const { t, i18n } = useTranslation(['reviews', 'common']);
  if (!application.budgetLines.length) {
    return <Text c="dimmed">{t('reviews:application.noLines')}</Text>;
  }
  return (
    <Table.ScrollContainer
      minWidth={360}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={t('reviews:application.budget')}
    >
      <Table captionSide="top" verticalSpacing="xs">
        <Table.Caption>{t('reviews:application.budget')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reviews:application.side')}</Table.Th>
            <Table.Th scope="col">{t('reviews:application.category')}</Table.Th>
            <Table.Th scope="col">{t('reviews:application.description')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reviews:application.amount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {application.budgetLines.map((line, index) => (
            <Table.Tr key={index}>
              <Table.Td>{t(`common:sides.${line.side}`)}</Table.Td>
              <Table.Td>{line.category}</Table.Td>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(line.amountMinor, line.currency, i18n.language)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
