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
 * Answers that asking again cannot change (not found, forbidden, invalid, refused by a rule): no
 * "Try again" for them. A network failure, a server error, a rate limit or a conflict (reload the
 * current version) may go another way the next time.
 */
const isFinal = (problem: ApiProblem | null) =>
  problem !== null && problem.status < 500 && ![408, 409, 412, 429].includes(problem.status);

/** Per problem code, the catalog key (`namespace:key`) of what the refusal means for an action. */
export type Explanations = Partial<Record<string, string>>;

/**
 * An API refusal as the user reads it: the problem's title and detail (already in the user's
 * language: the API localises them), the fields it names (or, for a form that shows them under
 * its fields, `fieldsOnForm`, a pointer to them), and the reference to quote. For the codes an
 * action expects (a segregation-of-duties rule, a state that moved on, an own role …), `explain`
 * names the catalog text that says what the refusal means there and what to do; the API's own
 * words follow it in small print when they are English and so is the page.
 */
export function ProblemAlert({
  error,
  onRetry,
  fieldsOnForm = false,
  explain = {},
}: {
  error: unknown;
  onRetry?: () => void;
  fieldsOnForm?: boolean;
  explain?: Explanations;
}) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  const explanation = problem ? explain[problem.code] : undefined;
  const retry = isFinal(problem) ? undefined : onRetry;
  return (
    <Alert color="red" title={problem?.title || t('errors.title')} role="alert" my="sm">
      <Stack gap={4}>
        {explanation ? (
          <>
            <Text size="sm">{t(explanation)}</Text>
            {i18n.language === 'en' && problem?.detail && (
              <Text size="xs" c="dimmed">
                {problem.detail}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm">{problem ? problem.detail : t('errors.network')}</Text>
        )}
        {problem?.errors.length && fieldsOnForm ? (
          <Text size="sm">{t('errors.fields')}</Text>
        ) : problem?.errors.length ? (
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
        {retry && (
          <Button size="xs" variant="light" onClick={retry} w="fit-content">
            {t('retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
