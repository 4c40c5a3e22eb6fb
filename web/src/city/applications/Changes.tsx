import { Code, Mark, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../money';
import { formatDate } from '../../time';
import { CAPTION } from './BudgetTotals';
import { type ComparedField, compare, isEmpty, type LineChange } from './changes';
import {
  type Application,
  type BudgetLine,
  type Partnership,
  type Side,
  SIDES,
  type SignedVersion,
} from './data';
import { TwoZones } from './Instant';
import { cityName, cityOfSide } from './names';

/**
 * For each side whose last signature covers another version than the one shown, what changed
 * since: the version it signed against the current content, field by field.
 */
export function ChangesSinceSigned({
  application,
  versions,
  partnership,
  mySide,
}: {
  application: Application;
  versions: SignedVersion[];
  partnership?: Partnership;
  mySide: Side | null;
}) {
  const outdated = SIDES.flatMap((side) => {
    const last = versions.find((v) => v.side === side);
    return last && last.contentHash !== application.contentHash ? [last] : [];
  });
  const newestFirst = [...outdated].sort((a, b) => versions.indexOf(a) - versions.indexOf(b));
  const shown = newestFirst.filter(
    (v, i) => newestFirst.findIndex((w) => w.contentHash === v.contentHash) === i,
  );
  return (
    <>
      {shown.map((version) => (
        <SinceVersion
          key={version.side}
          application={application}
          version={version}
          partnership={partnership}
          mySide={mySide}
          bothSides={outdated.length === 2 && shown.length === 1}
        />
      ))}
    </>
  );
}

function SinceVersion({
  application,
  version,
  partnership,
  mySide,
  bothSides,
}: {
  application: Application;
  version: SignedVersion;
  partnership?: Partnership;
  mySide: Side | null;
  bothSides: boolean;
}) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  const headingId = useId();
  const city = partnership
    ? cityName(cityOfSide(partnership, version.side), i18n.language)
    : t(`common:sides.${version.side}`);
  const comparison = compare(version.content, application);
  const heading = bothSides
    ? t('applications:changes.sinceBoth')
    : version.side === mySide
      ? t('applications:changes.sinceYou')
      : t('applications:changes.sincePartner', { city });
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      bg="orange.0"
      style={{ borderColor: 'var(--mantine-color-orange-6)', borderLeftWidth: 4 }}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {heading}
        </Title>
        <Text size="sm">
          {bothSides
            ? t('applications:changes.introBoth')
            : t('applications:changes.intro', { city })}
        </Text>
        <TwoZones
          iso={version.signedAt}
          usTimeZone={partnership?.usCity.timezone}
          usCity={partnership ? cityName(partnership.usCity, i18n.language) : undefined}
        />
        <Text size="sm">
          {t('applications:changes.signedHash')} <Code>{version.contentHash}</Code>
        </Text>
        {isEmpty(comparison) ? (
          <Text size="sm">{t('applications:changes.noVisibleChange')}</Text>
        ) : (
          <>
            {comparison.fields.length > 0 && <FieldTable changes={comparison.fields} />}
            {comparison.lines.length > 0 && <LineTable changes={comparison.lines} />}
            {comparison.totals.length > 0 && (
              <Table withTableBorder bg="var(--mantine-color-body)" captionSide="top">
                <Table.Caption style={CAPTION}>
                  {t('applications:changes.totalsCaption')}
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('applications:changes.requested')}</Table.Th>
                    <Table.Th scope="col">{t('applications:changes.before')}</Table.Th>
                    <Table.Th scope="col">{t('applications:changes.after')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {comparison.totals.map((c) => (
                    <Table.Tr key={`${c.side}:${c.currency}`}>
                      <Table.Th scope="row">
                        {t(`common:sides.${c.side}`)} · {c.currency}
                      </Table.Th>
                      <Table.Td>{formatMoney(c.before, c.currency, i18n.language)}</Table.Td>
                      <Table.Td>{formatMoney(c.after, c.currency, i18n.language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

const isDate = (field: ComparedField) => field === 'startsOn' || field === 'endsOn';
const langOf = (field: ComparedField) =>
  field.endsWith('.ja') ? 'ja' : field.endsWith('.en') ? 'en' : undefined;

function FieldTable({
  changes,
}: {
  changes: { field: ComparedField; before?: string; after?: string }[];
}) {
  const { t, i18n } = useTranslation(['applications']);
  const show = (field: ComparedField, value?: string) =>
    value === undefined ? (
      <Text span size="sm" c="dimmed">
        {t('applications:changes.empty')}
      </Text>
    ) : (
      <Text span size="sm" lang={langOf(field)} style={{ whiteSpace: 'pre-wrap' }}>
        {isDate(field) ? formatDate(value, i18n.language) : value}
      </Text>
    );
  return (
    <Table withTableBorder bg="var(--mantine-color-body)" captionSide="top" layout="fixed">
      <Table.Caption style={CAPTION}>{t('applications:changes.fieldsCaption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="20%">
            {t('applications:changes.field')}
          </Table.Th>
          <Table.Th scope="col">{t('applications:changes.before')}</Table.Th>
          <Table.Th scope="col">{t('applications:changes.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.field}>
            <Table.Th scope="row">{t(`applications:changes.fields.${c.field}`)}</Table.Th>
            <Table.Td>{show(c.field, c.before)}</Table.Td>
            <Table.Td>{show(c.field, c.after)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function LineTable({ changes }: { changes: LineChange[] }) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  /** A line, with what differs from its counterpart marked. */
  const describe = (line?: BudgetLine, other?: BudgetLine) => {
    const marked = (keys: (keyof BudgetLine)[], text: string) =>
      other && keys.some((key) => line?.[key] !== other[key]) ? <Mark>{text}</Mark> : text;
    return line ? (
      <Stack gap={0}>
        <Text size="sm">
          {marked(['side'], t(`common:sides.${line.side}`))} · {marked(['category'], line.category)}
        </Text>
        <Text size="sm">{marked(['description'], line.description)}</Text>
        <Text size="sm" fw={600}>
          {marked(
            ['amountMinor', 'currency'],
            formatMoney(line.amountMinor, line.currency, i18n.language),
          )}
        </Text>
      </Stack>
    ) : (
      <Text size="sm" c="dimmed">
        {t('applications:changes.none')}
      </Text>
    );
  };
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder bg="var(--mantine-color-body)" captionSide="top" layout="fixed">
        <Table.Caption style={CAPTION}>{t('applications:changes.linesCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="20%">
              {t('applications:changes.change')}
            </Table.Th>
            <Table.Th scope="col">{t('applications:changes.before')}</Table.Th>
            <Table.Th scope="col">{t('applications:changes.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((c, index) => (
            <Table.Tr key={index}>
              <Table.Th scope="row">{t(`applications:changes.kind.${c.kind}`)}</Table.Th>
              <Table.Td>{describe(c.before, c.after)}</Table.Td>
              <Table.Td>{describe(c.after, c.before)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
