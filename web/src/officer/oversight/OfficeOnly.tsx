import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../auth/useSession';
import { useMe } from '../../auth/useSession';
import { PageLoader, ProblemAlert } from '../../ui/States';

/**
 * Renders `children` only for `roles`: anyone else is told the page is not theirs, and nothing is
 * asked of the API on their behalf.
 */
export function OfficeOnly({
  roles,
  children,
}: {
  roles: Me['role'][];
  children: React.ReactNode;
}) {
  const { t } = useTranslation('oversight');
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) return <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />;
  if (!roles.includes(me.data.role)) {
    return (
      <Alert color="gray" role="alert" title={t('oversight:notYours.title')}>
        {t('oversight:notYours.body')}
      </Alert>
    );
  }
  return children;
}
