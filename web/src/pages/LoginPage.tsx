import {
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/client';
import { session } from '../auth/session';
import { useSession } from '../auth/useSession';
import { LanguageSwitch } from '../ui/Layout';
import { ProblemAlert } from '../ui/States';

/** Only a path of the portal itself: a `next` elsewhere would be an open redirect. */
const safeNext = (next: string | null) => (next && /^\/(?!\/)/.test(next) ? next : '/');

export function Component() {
  const { t, i18n } = useTranslation(['login', 'common']);
  const { accessToken } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (accessToken) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const refused = (await session.login(email, password, i18n.language)) as Partial<ApiProblem>;
      if (refused) {
        setError(
          new ApiProblem(
            refused.status ?? 401,
            refused.code ?? 'unauthenticated',
            refused.title ?? '',
            refused.detail ?? '',
            refused.errors ?? [],
            refused.requestId,
          ),
        );
        return;
      }
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h3">
                {t('login:title')}
              </Title>
              <LanguageSwitch />
            </Group>
            <Text size="sm" c="dimmed">
              {t('common:appName')} — {t('login:intro')}
            </Text>
            <ProblemAlert error={error} />
            <TextInput
              label={t('login:email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <PasswordInput
              label={t('login:password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t('login:submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
