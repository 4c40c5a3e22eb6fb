import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Delivery, Webhook } from '../data';

const COLORS: Record<string, string> = {
  active: 'green',
  disabled: 'gray',
  pending: 'blue',
  succeeded: 'green',
  failed: 'red',
};

/** A subscription's or a delivery's status, in words. */
export function StatusBadge({ status }: { status: Webhook['status'] | Delivery['status'] }) {
  const { t } = useTranslation(['administration']);
  return (
    <Badge variant="dot" color={COLORS[status]} tt="none">
      {t(`administration:hooks.status.${status}`)}
    </Badge>
  );
}
