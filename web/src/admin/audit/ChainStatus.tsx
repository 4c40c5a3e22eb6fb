import { Alert, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../ui/States';
import { keys } from '../data';
import { When } from '../ui/When';

/**
 * The hash chain recomputed by the API (GET /audit-events/verify): intact, or the first event
 * that does not follow its predecessor and why. Asked for on demand again, as it walks every event.
 */
export function ChainStatus() {
  const { t, i18n } = useTranslation(['administration']);
  const verify = useQuery({
    queryKey: keys.verify,
    queryFn: async () => ({
      ...unwrap(await api.GET('/api/v1/audit-events/verify')),
      at: new Date().toISOString(),
    }),
    staleTime: Infinity,
  });
  const again = (
    <Button
      size="xs"
      variant="light"
      loading={verify.isFetching}
      onClick={() => void verify.refetch()}
    >
      {t('administration:chain.again')}
    </Button>
  );
  if (verify.isPending) {
    return (
      <Alert color="gray" title={t('administration:chain.title')}>
        {t('administration:chain.checking')}
      </Alert>
    );
  }
  if (!verify.data) {
    return <ProblemAlert error={verify.error} onRetry={() => void verify.refetch()} />;
  }
  const result = verify.data;
  const count = result.checked.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-US');
  return (
    <Alert
      color={result.valid ? 'green' : 'red'}
      title={result.valid ? t('administration:chain.valid') : t('administration:chain.broken')}
      role="status"
      data-chain={result.valid ? 'valid' : 'broken'}
    >
      <Text size="sm">
        {result.valid
          ? t('administration:chain.validBody', { count })
          : t('administration:chain.brokenBody', {
              seq: result.firstBrokenSeq ?? '?',
              id: result.firstBrokenAt ?? '?',
              reason: t(`administration:chain.reason.${result.reason ?? 'hash_mismatch'}`),
            })}
      </Text>
      <Group mt="xs" gap="sm">
        <Text size="xs" c="dimmed">
          {t('administration:chain.checkedAt')} <When at={result.at} />
        </Text>
        {again}
      </Group>
    </Alert>
  );
}
