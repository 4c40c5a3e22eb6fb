import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/useSession';
import { DEVICE_TIME_ZONE } from '../../time';

/** One award with its disbursements and what is paid and remaining per currency. */
export function useAward(id: string | undefined) {
  return useQuery({
    queryKey: ['award', id],
    enabled: id !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/awards/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

/** The signed-in user's city (country, name, time zone), when the user belongs to one. */
export function useMyCity() {
  const cityId = useMe().data?.cityId ?? undefined;
  return useQuery({
    queryKey: ['city', cityId],
    enabled: cityId !== undefined,
    staleTime: 60 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cities/{id}', { params: { path: { id: cityId ?? '' } } })),
  });
}

/** The zone the user's city keeps its clocks in (the browser's while it is not known). */
export function useTimeZone(): string {
  return useMyCity().data?.timezone ?? DEVICE_TIME_ZONE;
}
