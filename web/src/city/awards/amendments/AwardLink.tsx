import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../../api/client';

/** For the office: a link from an approved application to its award's page (its amendments to decide). */
export function AwardLink({
  application,
}: {
  application: Pick<Schemas['ApplicationResponse'], 'id' | 'status'>;
}) {
  const { t } = useTranslation(['amendments']);
  const award = useQuery({
    queryKey: ['office', 'award-of', application.id],
    enabled: application.status === 'approved',
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/api/v1/awards', {
          params: { query: { applicationId: application.id, limit: 1 } },
        }),
      );
      return page.data[0] ?? null;
    },
  });
  if (!award.data) return null;
  return (
    <Anchor component={Link} to={`/awards/${award.data.id}`} size="sm">
      {t('amendments:awardLink')}
    </Anchor>
  );
}
