import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Me, useMe } from '../../auth/useSession';
import { PageLoader } from '../../ui/States';

/** Who the finance pages are for: the finance office, and the roles that read everything. */
const FINANCE_READERS: string[] = ['finance_officer', 'finance_approver', 'admin', 'auditor'];

/**
 * The page for finance readers only. Anyone else (a city's staff opening a deep link) gets an
 * explanation and no request is made: a city user may read its own payouts through the API, but
 * this page shows the finance office's view (accounts of other cities, approvers, bank files).
 */
export function FinanceOnly({
  heading,
  children,
}: {
  heading: string;
  children: (me: Me) => React.ReactNode;
}) {
  const { t } = useTranslation('finance');
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data && FINANCE_READERS.includes(me.data.role)) return children(me.data);
  return (
    <Stack>
      <Title order={2}>{heading}</Title>
      <Alert color="gray" role="alert" title={t('finance:financeOnly.title')}>
        <Text size="sm">{t('finance:financeOnly.body')}</Text>
        {me.data?.role === 'city_user' && (
          <Anchor component={Link} to="/awards" size="sm" underline="always">
            {t('finance:financeOnly.awards')}
          </Anchor>
        )}
      </Alert>
    </Stack>
  );
}
