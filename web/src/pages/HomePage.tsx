import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useMe } from '../auth/useSession';

/** Each role starts on its main page; roles of part 2 of the portal get a pointer to the API. */
const START: Record<string, string> = { city_user: '/applications', reviewer: '/assignments' };

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
