import { Button, Group, Input, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { ProblemAlert } from '../../ui/States';
import {
  type Attachment,
  type AttachmentKind,
  KINDS,
  type Owner,
  uploadAttachment,
} from './queries';

/** What the browser's picker offers; the API decides from the bytes whatever is chosen. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.csv,.txt';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A kind and a file, sent as one upload. A refused file (its type found from its content, or
 * over the size limit) is the API's problem, its field message under the file input.
 */
export function UploadForm({
  owner,
  onSending,
  onUploaded,
}: {
  owner: Owner;
  /** A new upload starts: what the last one said no longer applies. */
  onSending: () => void;
  onUploaded: (attachment: Attachment) => void;
}) {
  const { t } = useTranslation('documents');
  const kinds = KINDS[owner.type];
  const [kind, setKind] = useState<AttachmentKind>(kinds[0]);
  const [missing, setMissing] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const upload = useMutation({
    mutationFn: (file: File) => uploadAttachment(owner, kind, file),
    onSuccess: (attachment) => {
      if (input.current) input.current.value = '';
      setChosen(null);
      onUploaded(attachment);
    },
  });
  const problem = upload.error instanceof ApiProblem ? upload.error : null;
  const fieldError = missing
    ? t('documents:upload.missing')
    : problem?.fieldError('file') && capitalised(problem.fieldError('file') ?? '');

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (upload.isPending) return;
    const file = input.current?.files?.[0];
    onSending();
    if (!file) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setMissing(false);
    upload.mutate(file);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
        <Text component="legend" fw={600} p={0}>
          {t('documents:upload.legend')}
        </Text>
        <Group align="flex-start" gap="md" wrap="wrap">
          <NativeSelect
            label={t('documents:upload.kind')}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as AttachmentKind)}
            data={kinds.map((value) => ({ value, label: t(`documents:kind.${value}`) }))}
            w={220}
          />
          <Input.Wrapper
            id={fileId}
            label={t('documents:upload.file')}
            description={t('documents:upload.hint')}
            error={fieldError}
            maw={480}
          >
            {/* The browser's own picker speaks the browser's language, not the portal's: the input
                stays the control (labelled, focusable, keyboard-operable) but is drawn as a
                button and the chosen file's name in the portal's language. */}
            <Group gap="sm" mt={6} wrap="nowrap">
              <input
                ref={input}
                id={fileId}
                type="file"
                accept={ACCEPT}
                className="file-input"
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={`${fileId}-description${fieldError ? ` ${fileId}-error` : ''}`}
                onChange={(event) => {
                  setMissing(false);
                  setChosen(event.currentTarget.files?.[0]?.name ?? null);
                }}
              />
              <Button
                className="file-button"
                variant="default"
                size="xs"
                tabIndex={-1}
                aria-hidden
                onClick={() => input.current?.click()}
              >
                {t('documents:upload.choose')}
              </Button>
              <Text size="sm" c={chosen ? undefined : 'dimmed'} style={{ wordBreak: 'break-all' }}>
                {chosen ?? t('documents:upload.noFile')}
              </Text>
            </Group>
          </Input.Wrapper>
        </Group>
        <BusyButton type="submit" busy={upload.isPending} w="fit-content">
          {t('documents:upload.submit')}
        </BusyButton>
        <ProblemAlert error={upload.error} fieldsOnForm={Boolean(problem?.fieldError('file'))} />
      </Stack>
    </form>
  );
}
