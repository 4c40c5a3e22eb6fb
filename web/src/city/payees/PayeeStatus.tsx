import { Badge, type MantineColor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { formatInstant } from '../../time';
import { useTimeZone } from '../awards/queries';

type Account = Schemas['PayeeAccountResponse'];

const COLORS: Record<Account['status'], MantineColor> = {
  unverified: 'orange',
  verified: 'green',
  disabled: 'gray',
};

/** Verified or not, in words, and when the finance office verified it. */
export function PayeeStatus({ account }: { account: Account }) {
  const { t, i18n } = useTranslation('payees');
  const timeZone = useTimeZone();
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={COLORS[account.status]} variant="dot" radius="sm">
        {t(`payees:status.${account.status}`)}
      </Badge>
      <Text size="xs" c="dimmed">
        {account.verifiedAt
          ? t('payees:verifiedAt', {
              when: formatInstant(account.verifiedAt, timeZone, i18n.language),
            })
          : t(`payees:statusHelp.${account.status}`)}
      </Text>
    </Stack>
  );
}
