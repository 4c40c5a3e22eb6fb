import { Alert, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/useSession';
import { formatInstant } from '../../time';
import { BusyButton } from '../../ui/BusyButton';
import { Empty, PageLoader, ProblemAlert } from '../../ui/States';
import { useTimeZone } from '../awards/queries';
import { ScrollTable } from '../awards/ScrollTable';
import {
  type Attachment,
  attachmentsKey,
  deleteAttachment,
  fetchAttachment,
  formatSize,
  type Owner,
  useAttachments,
} from './queries';
import { saveFile } from '../../ui/saveFile';
import { UploadForm } from './UploadForm';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

interface Props {
  owner: Owner;
  /** Whether the signed-in user may add and remove attachments now (the owner's city, editable). */
  canChange: boolean;
  /** A user of the owner's city who could change them in another status: says when. */
  locked?: boolean;
  /** An application one city has signed: a change removes that signature. */
  halfSigned?: boolean;
  /** After an upload or a deletion, for what else changed (an application's hash and status). */
  onChanged?: () => void;
  /** In a bordered box, as the application page's sections are. */
  framed?: boolean;
  /** The heading's level: 3 on a page's section, deeper inside an item that has its own. */
  headingOrder?: 3 | 4 | 5;
  /** Nothing shown while there is nothing to list and nothing to add (an item in a list). */
  quietWhenNone?: boolean;
}

/**
 * The documents of an application, a grantee report or an amendment request: every reader lists
 * and downloads them; the owner's city adds and removes them while the owner may be edited. On
 * an application they are part of what both cities sign (the content hash covers each one's
 * SHA-256).
 */
export function Attachments({
  owner,
  canChange,
  locked,
  halfSigned,
  onChanged,
  framed,
  headingOrder = 3,
  quietWhenNone = false,
}: Props) {
  const { t } = useTranslation('documents');
  const headingId = useId();
  const queryClient = useQueryClient();
  const list = useAttachments(owner);
  const [removing, setRemoving] = useState<Attachment | null>(null);
  /** What the last upload or deletion did, for the user and a screen reader. */
  const [notice, setNotice] = useState<string | null>(null);
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: attachmentsKey(owner) });
    onChanged?.();
  };

  if (quietWhenNone && !canChange && !list.isError && !list.data?.length) return null;

  const body = (
    <Stack gap="md">
      <Title order={headingOrder} size={headingOrder === 3 ? 'h4' : 'h5'} id={headingId}>
        {t('documents:title')}
      </Title>
      <Text size="sm">{t(`documents:intro.${owner.type}`)}</Text>
      {owner.type === 'application' && (
        <Text size="sm" c="dimmed">
          {t('documents:signed')}
        </Text>
      )}
      {list.data ? (
        list.data.length ? (
          <AttachmentsTable attachments={list.data} canChange={canChange} onDelete={setRemoving} />
        ) : (
          <Empty>{t('documents:none')}</Empty>
        )
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <PageLoader />
      )}
      {canChange && halfSigned && (
        <Alert color="orange" variant="outline" role="note">
          {t('documents:halfSigned')}
        </Alert>
      )}
      {canChange && (
        <>
          <UploadForm
            owner={owner}
            onSending={() => setNotice(null)}
            onUploaded={(attachment) => {
              setNotice(t('documents:upload.done', { name: attachment.fileName }));
              changed();
            }}
          />
          <Text size="sm" fw={500} role="status">
            {notice}
          </Text>
        </>
      )}
      {!canChange && locked && (
        <Text size="sm" c="dimmed">
          {t(`documents:locked.${owner.type}`)}
        </Text>
      )}
      <DeleteDialog
        attachment={removing}
        owner={owner}
        onClose={() => setRemoving(null)}
        onDeleted={(attachment) => {
          setNotice(t('documents:removed', { name: attachment.fileName }));
          setRemoving(null);
          changed();
        }}
      />
    </Stack>
  );

  return framed ? (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      {body}
    </Paper>
  ) : (
    <section aria-labelledby={headingId}>{body}</section>
  );
}

function AttachmentsTable({
  attachments,
  canChange,
  onDelete,
}: {
  attachments: Attachment[];
  canChange: boolean;
  onDelete: (attachment: Attachment) => void;
}) {
  const { t, i18n } = useTranslation('documents');
  const me = useMe().data;
  const timeZone = useTimeZone();
  return (
    <ScrollTable label={t('documents:caption')} minWidth={760}>
      <Table striped>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }} fw={600}>
          {t('documents:caption')}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('documents:column.name')}</Table.Th>
            <Table.Th>{t('documents:column.kind')}</Table.Th>
            <Table.Th style={{ textAlign: 'end' }}>{t('documents:column.size')}</Table.Th>
            <Table.Th>{t('documents:column.sha256')}</Table.Th>
            <Table.Th>{t('documents:column.uploaded')}</Table.Th>
            <Table.Th>{t('documents:column.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attachments.map((attachment) => (
            <Table.Tr key={attachment.id}>
              <Table.Td style={{ wordBreak: 'break-all' }}>{attachment.fileName}</Table.Td>
              <Table.Td>{t(`documents:kind.${attachment.kind}`)}</Table.Td>
              <Table.Td style={{ textAlign: 'end', whiteSpace: 'nowrap' }}>
                {formatSize(attachment.sizeBytes, i18n.language)}
              </Table.Td>
              <Table.Td>
                <Code title={t('documents:sha256Full', { hash: attachment.sha256 })}>
                  {attachment.sha256.slice(0, 12)}
                </Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {attachment.uploadedBy === me?.id
                    ? t('documents:byYou', { name: attachment.uploadedByName })
                    : attachment.uploadedByName}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatInstant(attachment.createdAt, timeZone, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <DownloadButton attachment={attachment} />
                  {canChange && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={t('documents:deleteFile', { name: attachment.fileName })}
                      onClick={() => onDelete(attachment)}
                    >
                      {t('documents:delete')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function DownloadButton({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation('documents');
  const download = useMutation({
    mutationFn: () => fetchAttachment(attachment.id),
    onSuccess: (file) => saveFile(file, attachment.fileName),
  });
  return (
    <Stack gap={4} align="flex-start">
      <BusyButton
        size="xs"
        variant="default"
        busy={download.isPending}
        aria-label={t('documents:downloadFile', { name: attachment.fileName })}
        onClick={() => {
          if (!download.isPending) download.mutate();
        }}
      >
        {t('documents:download')}
      </BusyButton>
      <ProblemAlert error={download.error} />
    </Stack>
  );
}

function DeleteDialog({
  attachment,
  owner,
  onClose,
  onDeleted,
}: {
  attachment: Attachment | null;
  owner: Owner;
  onClose: () => void;
  onDeleted: (attachment: Attachment) => void;
}) {
  const { t } = useTranslation(['documents', 'common']);
  const remove = useMutation({
    mutationFn: async (removed: Attachment) => {
      await deleteAttachment(removed.id);
      return removed;
    },
    onSuccess: onDeleted,
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={attachment !== null}
      onClose={close}
      title={t('documents:remove.title')}
      body={
        attachment && (
          <>
            <Text size="sm">{t('documents:remove.body', { name: attachment.fileName })}</Text>
            {owner.type === 'application' && (
              <Text size="sm">{t('documents:remove.application')}</Text>
            )}
          </>
        )
      }
      alert={<ProblemAlert error={remove.error} />}
      confirm={t('documents:remove.confirm')}
      danger
      busy={remove.isPending}
      onConfirm={() => attachment && remove.mutate(attachment)}
    />
  );
}
