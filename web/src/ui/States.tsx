import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('loading')} />
    </Center>
  );
}

export function Empty({ children }: { children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Text c="dimmed" py="lg">
      {children ?? t('empty')}
    </Text>
  );
}

/**
 * An API refusal as the user reads it: the problem's title and detail (already in the user's
 * language: the API localises them), the fields it names, and the reference to quote.
 */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <Alert color="red" title={problem?.title ?? t('errors.title')} role="alert" my="sm">
      <Stack gap={4}>
        <Text size="sm">{problem ? problem.detail : t('errors.network')}</Text>
        {problem?.errors.length ? (
          <Text size="sm" component="ul" m={0} pl="md">
            {problem.errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <code>{e.field}</code>: {e.message}
              </li>
            ))}
          </Text>
        ) : null}
        {problem?.requestId && (
          <Text size="xs" c="dimmed">
            {t('requestId', { id: problem.requestId })}
          </Text>
        )}
        {onRetry && (
          <Button size="xs" variant="light" onClick={onRetry} w="fit-content">
            {t('retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
