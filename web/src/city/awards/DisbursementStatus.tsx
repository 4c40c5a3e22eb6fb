import { Badge, type MantineColor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type Disbursement = Schemas['DisbursementResponse'];

const COLORS: Record<Disbursement['status'], MantineColor> = {
  on_hold: 'gray',
  scheduled: 'blue',
  pending_approval: 'orange',
  approved: 'teal',
  sent: 'cyan',
  paid: 'green',
  failed: 'red',
  cancelled: 'dark',
};

/** The payout's status as a word (colour only repeats it). */
export function DisbursementStatusBadge({ status }: { status: Disbursement['status'] }) {
  const { t } = useTranslation('awards');
  return (
    <Badge color={COLORS[status]} variant="dot" radius="sm">
      {t(`awards:status.${status}`)}
    </Badge>
  );
}

/** What the status means for the city, in plain words (a held tranche says what releases it). */
export function DisbursementStatusHelp({ disbursement }: { disbursement: Disbursement }) {
  const { t } = useTranslation('awards');
  const { status, releaseOn } = disbursement;
  const text =
    status === 'on_hold' && releaseOn !== 'award'
      ? t(`awards:statusHelp.held.${releaseOn}`)
      : t(`awards:statusHelp.${status}`);
  return (
    <Text size="sm" c="dimmed">
      {text}
    </Text>
  );
}
