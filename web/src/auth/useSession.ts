import { useQuery } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import i18n, { languageChosen, setLanguage } from '../i18n';
import { session } from './session';

export type Me = Schemas['MeDto'];

/** The session's state; restores it from the refresh cookie on first use. */
export function useSession() {
  const state = useSyncExternalStore(session.subscribe, session.get);
  useEffect(() => {
    if (!state.ready && !state.accessToken) void session.refresh();
  }, [state.ready, state.accessToken]);
  return state;
}

/** Who is signed in (GET /me); the profile's language applies unless the user chose one here. */
export function useMe() {
  const { accessToken } = useSession();
  const me = useQuery({
    queryKey: ['me', accessToken !== null],
    enabled: accessToken !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/me')),
    staleTime: 5 * 60_000,
  });
  useEffect(() => {
    const locale = me.data?.locale;
    if (locale && !languageChosen() && locale !== i18n.language) setLanguage(locale, false);
  }, [me.data?.locale]);
  return me;
}
