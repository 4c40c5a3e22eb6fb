import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { ProblemAlert } from '../../ui/States';
import { useNotify } from './notify';
import { Warning } from './Warning';
import {
  type Application,
  keys,
  signApplication,
  type Versioned,
  withdrawApplication,
} from './data';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** After a write: the answer replaces the cached application; what it changed is read again. */
function useApplied(id: string) {
  const queries = useQueryClient();
  return (result: Versioned) => {
    queries.setQueryData(keys.application(id), result);
    void queries.invalidateQueries({ queryKey: keys.signedVersions(id) });
    void queries.invalidateQueries({ queryKey: keys.history(id) });
    void queries.invalidateQueries({ queryKey: ['city', 'applications'] });
  };
}

/** What a refused signature means for the signer, by the problem's code. */
function explanation(error: unknown): string | null {
  if (!(error instanceof ApiProblem)) return null;
  if (error.code === 'conflict') return 'applications:sign.changed';
  if (error.code === 'invalid_state') return 'applications:sign.invalidState';
  if (error.code === 'rule_violation') return 'applications:sign.closed';
  return null;
}

/**
 * "Sign this version": shows the exact content hash the signature binds to, and signs that hash
 * (never a newer one the user has not seen).
 */
export function SignAction({
  application,
  city,
  partner,
  cosign,
  onReload,
}: {
  application: Application;
  city: string;
  partner: string;
  cosign: boolean;
  onReload: () => void;
}) {
  const { t } = useTranslation(['applications', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const applied = useApplied(application.id);
  const notify = useNotify();
  const hash = application.contentHash;

  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await signApplication(application.id, hash);
      applied(result);
      close();
      notify(
        result.application.status === 'submitted'
          ? t('applications:sign.submitted')
          : t('applications:sign.signed', { partner }),
        'green',
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const reload = () => {
    setError(null);
    close();
    onReload();
  };

  const explained = explanation(error);
  return (
    <>
      <Button onClick={open}>{t('applications:sign.open')}</Button>
      <Modal
        opened={opened}
        onClose={close}
        size="lg"
        title={t('applications:sign.title', { city })}
        closeButtonProps={{ 'aria-label': t('applications:close') }}
      >
        <Stack>
          <Text size="sm">{t('applications:sign.body', { city })}</Text>
          <Code
            block
            style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
            aria-label={t('applications:sign.hash')}
          >
            {hash}
          </Code>
          <Text size="sm">
            {cosign
              ? t('applications:sign.cosignNote', { partner })
              : t('applications:sign.firstNote', { partner })}
          </Text>
          {explained && (
            <Warning role="alert" title={t('applications:sign.refused')}>
              <Stack gap="xs">
                <Text size="sm">{t(explained)}</Text>
                <Button variant="default" w="fit-content" onClick={reload}>
                  {t('applications:sign.reload')}
                </Button>
              </Stack>
            </Warning>
          )}
          {!explained && <ProblemAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <Button onClick={() => void sign()} loading={busy} disabled={explained !== null}>
              {cosign ? t('applications:sign.confirmCosign') : t('applications:sign.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function WithdrawAction({ application }: { application: Application }) {
  const { t } = useTranslation(['applications', 'common']);
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const applied = useApplied(application.id);
  const notify = useNotify();

  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      applied(await withdrawApplication(application.id));
      close();
      notify(t('applications:withdraw.done'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="outline" color="red.9" onClick={open}>
        {t('applications:withdraw.open')}
      </Button>
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t('applications:withdraw.title')}
        body={t('applications:withdraw.body')}
        alert={<ProblemAlert error={error} />}
        confirm={t('applications:withdraw.confirm')}
        danger
        busy={busy}
        onConfirm={() => void withdraw()}
      />
    </>
  );
}
