import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/useSession';

/** The signed-in part of the portal: without a session, to the login page (and back after). */
export function RequireSession() {
  const { accessToken, ready } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (!ready && !accessToken) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('loading')} />
      </Center>
    );
  }
  if (!accessToken) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}
