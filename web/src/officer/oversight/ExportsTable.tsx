import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../../city/awards/ScrollTable';
import { DEVICE_TIME_ZONE, formatDate, formatInstant } from '../../time';
import { DownloadButton } from './DownloadButton';
import { ExportStatus } from './ExportStatus';
import { type Export, useRounds } from './queries';
import { roundName } from './rounds';

/** `12.3 KB`: the file's size in the user's language. */
function formatSize(bytes: number, language: string): string {
  const format = (value: number, unit: 'byte' | 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value);
  if (bytes < 1024) return format(bytes, 'byte');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'kilobyte');
  return format(bytes / (1024 * 1024), 'megabyte');
}

/** Requested and scheduled exports: what, of which round, how far along, and the file. */
export function ExportsTable({ rows }: { rows: Export[] }) {
  const { t, i18n } = useTranslation('oversight');
  const rounds = useRounds();
  const when = (iso: string) => formatInstant(iso, DEVICE_TIME_ZONE, i18n.language);
  const round = (id: string | null) => {
    if (!id) return t('oversight:exports.everyRound');
    const found = rounds.data?.find((r) => r.id === id);
    return found ? roundName(found, i18n.language) : '…';
  };
  const number = new Intl.NumberFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-US');

  return (
    <ScrollTable label={t('oversight:exports.caption')} minWidth={900}>
      <Table withTableBorder verticalSpacing="sm" captionSide="top">
        <Table.Caption>{t('oversight:exports.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('oversight:exports.requestedAt')}</Table.Th>
            <Table.Th scope="col">{t('oversight:exports.kind')}</Table.Th>
            <Table.Th scope="col">{t('oversight:exports.round')}</Table.Th>
            <Table.Th scope="col">{t('oversight:exports.formatLabel')}</Table.Th>
            <Table.Th scope="col">{t('oversight:exports.statusLabel')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('oversight:exports.rows')}
            </Table.Th>
            <Table.Th scope="col">{t('oversight:exports.file')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                <Text size="sm">{when(row.createdAt)}</Text>
                {row.scheduledFor && (
                  <Text size="xs" c="dimmed">
                    {t('oversight:exports.scheduled', {
                      month: formatDate(row.scheduledFor, i18n.language),
                    })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`oversight:exports.type.${row.type}`)}</Table.Td>
              <Table.Td>{round(row.roundId)}</Table.Td>
              <Table.Td>{t(`oversight:exports.format.${row.format}`)}</Table.Td>
              <Table.Td>
                <ExportStatus row={row} />
              </Table.Td>
              <Table.Td ta="right">
                {row.rowCount === null ? '—' : number.format(row.rowCount)}
              </Table.Td>
              <Table.Td>
                {row.status === 'completed' ? (
                  <>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {row.fileName}
                      {row.byteSize !== null && ` (${formatSize(row.byteSize, i18n.language)})`}
                    </Text>
                    <DownloadButton row={row} />
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
