import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { Money } from './Money';

/** The award of each side in its own currency. */
export function AwardLines({ lines }: { lines: Schemas['AwardLineDto'][] }) {
  const { t } = useTranslation(['awards', 'common']);
  return (
    <Table withTableBorder captionSide="top" maw={520}>
      <Table.Caption>{t('awards:award.linesCaption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('awards:side')}</Table.Th>
          <Table.Th scope="col">{t('awards:currencyLabel')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('awards:awarded')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <Table.Tr key={`${line.side}:${line.currency}`}>
            <Table.Td>{t(`common:sides.${line.side}`)}</Table.Td>
            <Table.Td>{line.currency}</Table.Td>
            <Table.Td ta="right">
              <Money minor={line.amountMinor} currency={line.currency} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
