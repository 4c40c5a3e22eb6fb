import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CAPTION } from '../../city/applications/BudgetTotals';
import { usePartnerships } from '../../city/applications/data';
import { pickText } from '../../city/applications/names';
import { StatusBadge } from '../../city/applications/StatusBadge';
import { formatMoney } from '../../money';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { type RankingRow, type RoundBudget, useAllRounds, useBudget, useRanking } from './data';
import { partnershipName } from './OfficeApplicationsPage';

/** Scores as the office reads them: a share of the rubric's maximum, a signed z-score. */
const formats = (language: string) => {
  const locale = language === 'ja' ? 'ja-JP' : 'en-US';
  return {
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
    points: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    z: new Intl.NumberFormat(locale, {
      signDisplay: 'exceptZero',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
  };
};

export function Component() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['decisions']);
  const ranking = useRanking(id);
  const rounds = useAllRounds();
  const budget = useBudget(id);
  const round = rounds.data?.find((r) => r.id === id);
  const roundTitle = round ? pickText(round.title, i18n.language) : null;

  return (
    <Stack>
      <Anchor component={Link} to={`/office/applications?roundId=${id}`} size="sm">
        ← {t('decisions:ranking.back')}
      </Anchor>
      <Title order={2}>
        {roundTitle ? (
          <>
            {t('decisions:ranking.titleOf', { round: '' })}
            <span lang={roundTitle.lang}>{roundTitle.text}</span>
          </>
        ) : (
          t('decisions:ranking.title')
        )}
      </Title>
      <Text c="dimmed">{t('decisions:ranking.intro')}</Text>
      {budget.data && <BudgetTable budgets={budget.data} />}
      {ranking.isPending ? (
        <PageLoader />
      ) : !ranking.data ? (
        <ProblemAlert error={ranking.error} onRetry={() => void ranking.refetch()} />
      ) : ranking.data.length === 0 ? (
        <Empty>{t('decisions:ranking.empty')}</Empty>
      ) : (
        <RankingTable rows={ranking.data} />
      )}
    </Stack>
  );
}

function RankingTable({ rows }: { rows: RankingRow[] }) {
  const { t, i18n } = useTranslation(['decisions', 'common']);
  const language = i18n.language;
  const partnerships = new Map((usePartnerships().data ?? []).map((p) => [p.id, p]));
  const f = formats(language);
  const header = (label: string, hint: string) => (
    <Table.Th scope="col" ta="right">
      {label}
      <Text size="xs" c="dimmed" fw={400}>
        {hint}
      </Text>
    </Table.Th>
  );
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped verticalSpacing="sm" captionSide="top">
        <Table.Caption style={CAPTION}>{t('decisions:ranking.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('decisions:ranking.rank')}</Table.Th>
            <Table.Th scope="col">{t('decisions:ranking.application')}</Table.Th>
            <Table.Th scope="col">{t('decisions:ranking.status')}</Table.Th>
            <Table.Th scope="col">{t('decisions:ranking.reviews')}</Table.Th>
            {header(t('decisions:ranking.normalized'), t('decisions:ranking.normalizedHint'))}
            {header(t('decisions:ranking.weighted'), t('decisions:ranking.weightedHint'))}
            {header(t('decisions:ranking.spread'), t('decisions:ranking.spreadHint'))}
            <Table.Th scope="col" ta="right">
              {t('decisions:ranking.requested')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const partnership = partnerships.get(row.partnershipId);
            const title = pickText(row.title, language);
            return (
              <Table.Tr key={row.applicationId}>
                <Table.Th scope="row">{row.rank}</Table.Th>
                <Table.Td>
                  <Stack gap={2}>
                    <Anchor
                      component={Link}
                      to={`/office/applications/${row.applicationId}`}
                      lang={title.lang}
                    >
                      {title.text}
                    </Anchor>
                    {partnership && (
                      <Text size="xs" c="dimmed">
                        {partnershipName(partnership, language)}
                      </Text>
                    )}
                    {row.needsDiscussion && (
                      <Group gap={4}>
                        <Badge color="orange" variant="light" tt="none">
                          {t('decisions:ranking.discussion')}
                        </Badge>
                        <Text size="xs">{t('decisions:ranking.discussionHint')}</Text>
                      </Group>
                    )}
                  </Stack>
                </Table.Td>
                {/* Wide enough for the status in words: a badge cut to "審…" says nothing. */}
                <Table.Td miw={140}>
                  <StatusBadge status={row.status} />
                </Table.Td>
                <Table.Td>
                  {t('decisions:ranking.reviewsValue', {
                    submitted: row.reviewsSubmitted,
                    assigned: row.reviewsAssigned,
                  })}
                </Table.Td>
                <Table.Td ta="right" fw={600}>
                  {row.normalizedScore === null
                    ? t('decisions:ranking.noScore')
                    : f.z.format(row.normalizedScore)}
                </Table.Td>
                <Table.Td ta="right">
                  {row.weightedMean === null ? '—' : f.percent.format(row.weightedMean)}
                </Table.Td>
                <Table.Td ta="right">
                  {row.spread === null ? '—' : f.points.format(row.spread * 100)}
                </Table.Td>
                <Table.Td ta="right">
                  {row.requested.map((r) => (
                    <Text size="sm" key={`${r.side}:${r.currency}`}>
                      {t(`common:sides.${r.side}`)}:{' '}
                      {formatMoney(r.amountMinor, r.currency, language)}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The round's money beside the ranking: what awards may still commit, per currency. */
function BudgetTable({ budgets }: { budgets: RoundBudget[] }) {
  const { t, i18n } = useTranslation(['decisions', 'applications']);
  const money = (minor: number, currency: RoundBudget['currency']) =>
    formatMoney(minor, currency, i18n.language);
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption style={CAPTION}>{t('decisions:ranking.budgetCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('decisions:ranking.currency')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('decisions:ranking.budgetTotal')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('decisions:ranking.committed')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('decisions:ranking.remaining')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {budgets.map((b) => (
            <Table.Tr key={b.currency}>
              <Table.Th scope="row">{t(`applications:currency.${b.currency}`)}</Table.Th>
              <Table.Td ta="right">{money(b.budgetMinor, b.currency)}</Table.Td>
              <Table.Td ta="right">{money(b.committedMinor, b.currency)}</Table.Td>
              <Table.Td ta="right">{money(b.remainingMinor, b.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
