import { Alert, Anchor, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { BusyButton } from '../ui/BusyButton';
import { PageLoader, ProblemAlert } from '../ui/States';
import { ifMatch, keys, type Webhook } from './data';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { FORBIDDEN } from './ui/forbidden';
import { When } from './ui/When';
import { Deliveries } from './webhooks/Deliveries';
import { StatusBadge } from './webhooks/StatusBadge';
import { WebhookForm, type WebhookFields } from './webhooks/WebhookForm';

/** One subscription (admin): its settings, edited, disabled or deleted, and its delivery log. */
export function Component() {
  const { t } = useTranslation(['administration', 'common']);
  const { id = '' } = useParams();
  const hook = useQuery({
    queryKey: keys.webhook(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } })),
  });
  return (
    <Stack>
      <Anchor component={Link} to="/webhooks" size="sm">
        {t('administration:hooks.back')}
      </Anchor>
      {hook.isPending ? (
        <PageLoader />
      ) : !hook.data ? (
        <ProblemAlert error={hook.error} explain={FORBIDDEN} onRetry={() => void hook.refetch()} />
      ) : (
        <>
          <Subscription hook={hook.data} />
          <Deliveries webhookId={hook.data.id} />
        </>
      )}
    </Stack>
  );
}

function Subscription({ hook }: { hook: Webhook }) {
  const { t } = useTranslation(['administration', 'common']);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const saved = async (next: Webhook) => {
    queries.setQueryData(keys.webhook(hook.id), next);
    await queries.invalidateQueries({ queryKey: keys.webhooks, exact: true });
  };
  const update = useMutation({
    mutationFn: async (body: Partial<WebhookFields> & { status?: Webhook['status'] }) =>
      unwrap(
        await api.PATCH('/api/v1/webhooks/{id}', {
          params: { path: { id: hook.id }, header: ifMatch(hook.version) },
          body,
        }),
      ),
    onSuccess: async (next) => {
      await saved(next);
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/api/v1/webhooks/{id}', {
          params: { path: { id: hook.id }, header: ifMatch(hook.version) },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: keys.webhooks, exact: true });
      queries.removeQueries({ queryKey: keys.webhook(hook.id) });
      await navigate('/webhooks');
    },
  });
  const toggle = () =>
    !update.isPending &&
    update.mutate({ status: hook.status === 'active' ? 'disabled' : 'active' });
  const row = (label: string, value: React.ReactNode) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={180}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} component="div">
        {value}
      </Text>
    </Group>
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {hook.url}
          </Title>
          {hook.description && <Text c="dimmed">{hook.description}</Text>}
        </div>
        <Group gap="xs">
          <Button
            variant="light"
            onClick={() => {
              update.reset();
              setEditing(true);
            }}
          >
            {t('common:edit')}
          </Button>
          <BusyButton variant="default" busy={update.isPending && !editing} onClick={toggle}>
            {hook.status === 'active'
              ? t('administration:hooks.disable')
              : t('administration:hooks.enable')}
          </BusyButton>
          <Button variant="outline" color="red.9" onClick={() => setDeleting(true)}>
            {t('administration:hooks.delete.button')}
          </Button>
        </Group>
      </Group>
      {!editing && (
        <ProblemAlert
          error={update.error}
          explain={{
            ...FORBIDDEN,
            invalid_state: 'administration:hooks.errors.transition',
            precondition_failed: 'administration:errors.stale',
          }}
        />
      )}
      {hook.status === 'disabled' && (
        <Alert color="gray" role="note" title={t('administration:hooks.disabledTitle')}>
          {hook.disabledReason === 'disabled by an administrator'
            ? t('administration:hooks.disabledByAdmin')
            : t('administration:hooks.disabledByFailures')}
        </Alert>
      )}
      <Stack gap={6}>
        {row(t('administration:hooks.col.status'), <StatusBadge status={hook.status} />)}
        {row(
          t('administration:hooks.col.events'),
          hook.events
            .map((e) => t(`administration:hooks.event.${e.replace('.', '_')}`))
            .join(t('administration:separator')),
        )}
        {row(t('administration:hooks.col.failures'), hook.consecutiveFailures)}
        {row(t('administration:hooks.col.created'), <When at={hook.createdAt} />)}
        {row(t('administration:hooks.updated'), <When at={hook.updatedAt} />)}
        {row(t('administration:hooks.secretLabel'), t('administration:hooks.secretHidden'))}
      </Stack>
      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('administration:hooks.edit.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('administration:close') }}
      >
        <WebhookForm
          initial={{
            url: hook.url,
            events: hook.events as WebhookFields['events'],
            description: hook.description,
          }}
          submitLabel={t('administration:hooks.edit.submit')}
          busy={update.isPending}
          error={update.error}
          onSubmit={(fields) => update.mutate(fields)}
          onCancel={() => setEditing(false)}
        />
      </Modal>
      <ConfirmDialog
        opened={deleting}
        title={t('administration:hooks.delete.title')}
        body={t('administration:hooks.delete.body', { url: hook.url })}
        confirm={t('administration:hooks.delete.confirm')}
        busy={remove.isPending}
        danger
        alert={
          <ProblemAlert
            error={remove.error}
            explain={{ ...FORBIDDEN, precondition_failed: 'administration:errors.stale' }}
          />
        }
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}
