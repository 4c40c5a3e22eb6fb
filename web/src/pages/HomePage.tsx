import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useMe } from '../auth/useSession';
import { NAV } from '../ui/Layout';

/** Each role starts on its main page: the first of its navigation, applications for city staff. */
const START: Record<string, string> = {
  ...Object.fromEntries(Object.entries(NAV).map(([role, links]) => [role, links[0].to])),
  city_user: '/applications',
};

export function Component() {
  const { t } = useTranslation();
  const me = useMe();
  const start = START[me.data?.role ?? ''];
  if (start) return <Navigate to={start} replace />;
  return (
    <>
      <Title order={2}>{t('welcome', { name: me.data?.displayName ?? '' })}</Title>
      <Text mt="md">{t('partTwo')}</Text>
    </>
  );
}
