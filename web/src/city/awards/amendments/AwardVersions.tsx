import { Badge, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../money';
import { formatDate, formatInstant } from '../../../time';
import { Money } from '../Money';
import { useTimeZone } from '../queries';
import { localized } from '../text';
import type { Amendment, AwardVersion } from './queries';

type Line = AwardVersion['budgetLines'][number];
const lineKey = (line: Pick<Line, 'side' | 'category' | 'currency'>) =>
  `${line.side}:${line.currency}:${line.category}`;

/**
 * The award's terms version by version (the one in force first shown): each side's approved
 * budget per category with what changed from the version before, the project period, the
 * reports' due dates and the tranches.
 */
export function AwardVersions({
  versions,
  amendments,
}: {
  versions: AwardVersion[];
  amendments: Amendment[];
}) {
  const { t, i18n } = useTranslation(['amendments', 'common']);
  const language = i18n.language;
  const timeZone = useTimeZone();
  const current = versions.find((v) => v.current) ?? versions.at(-1);
  const [picked, setPicked] = useState<number | null>(null);
  const shown = versions.find((v) => v.version === picked) ?? current;
  if (!shown) return null;
  const before = versions.find((v) => v.version === shown.version - 1);
  const madeBy = amendments.find((a) => a.id === shown.amendmentId);
  const change = (line: Line) => {
    if (!before) return 0;
    const old = before.budgetLines.find((l) => lineKey(l) === lineKey(line));
    return line.amountMinor - (old?.amountMinor ?? 0);
  };
  // A category a move emptied is dropped from the version: shown as what it lost.
  const dropped = (before?.budgetLines ?? [])
    .filter((old) => !shown.budgetLines.some((l) => lineKey(l) === lineKey(old)))
    .map((old) => ({ ...old, amountMinor: 0 }));
  const rows = [...shown.budgetLines, ...dropped].sort(
    (a, b) => a.side.localeCompare(b.side) || a.category.localeCompare(b.category),
  );
  const signed = (minor: number, currency: Line['currency']) =>
    minor === 0
      ? ''
      : `${minor > 0 ? '+' : '−'}${formatMoney(Math.abs(minor), currency, language)}`;

  return (
    <Stack gap="sm" component="section" aria-labelledby="award-versions">
      <Title order={4} id="award-versions">
        {t('amendments:history.title')}
      </Title>
      <NativeSelect
        label={t('amendments:history.pick')}
        maw={440}
        value={String(shown.version)}
        onChange={(e) => setPicked(Number(e.currentTarget.value))}
        data={[...versions].reverse().map((v) => ({
          value: String(v.version),
          label:
            t('amendments:history.option', {
              version: v.version,
              date: formatInstant(v.createdAt, timeZone, language),
            }) + (v.current ? ` ${t('amendments:history.current')}` : ''),
        }))}
      />
      <Group gap="sm">
        {shown.current && (
          <Badge color="green" variant="dot" radius="sm">
            {t('amendments:history.inForce')}
          </Badge>
        )}
        <Text size="sm">
          {madeBy
            ? t('amendments:history.madeBy', { kind: t(`amendments:kind.${madeBy.kind}`) })
            : t('amendments:history.first')}
        </Text>
      </Group>
      <Text size="sm">
        {t('amendments:history.period', {
          start: formatDate(shown.startsOn, language),
          end: formatDate(shown.endsOn, language),
        })}
      </Text>
      <Table withTableBorder captionSide="top" maw={640}>
        <Table.Caption>{t('amendments:history.caption', { version: shown.version })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('amendments:history.side')}</Table.Th>
            <Table.Th scope="col">{t('amendments:history.category')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('amendments:history.amount')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('amendments:history.change')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((line) => (
            <Table.Tr key={lineKey(line)}>
              <Table.Td>{t(`common:sides.${line.side}`)}</Table.Td>
              <Table.Td>{line.category}</Table.Td>
              <Table.Td ta="right">
                <Money minor={line.amountMinor} currency={line.currency} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {signed(change(line), line.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm">
        <Text span fw={600}>
          {t('amendments:history.reports')}:
        </Text>{' '}
        {shown.reportsRequired
          .map((r) =>
            t('amendments:history.report', {
              kind: t(`amendments:reportKind.${r.kind}`),
              date: formatDate(r.dueOn, language),
            }),
          )
          .join(' · ') || '—'}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          {t('amendments:history.tranches')}:
        </Text>{' '}
        {shown.trancheSchedule
          .map((tr) => t('amendments:history.tranche', { key: tr.key, percent: tr.percent }))
          .join(' · ') || '—'}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          {t('amendments:history.scope')}:
        </Text>{' '}
        <span style={{ whiteSpace: 'pre-wrap' }}>{localized(shown.scope, language)}</span>
      </Text>
    </Stack>
  );
}
