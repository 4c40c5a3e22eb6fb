import { useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';

export type Attachment = Schemas['DocumentResponse'];
export type AttachmentKind = Attachment['kind'];

/**
 * What attachments belong to: an application (part of what both cities sign), a report, or an
 * amendment request (its supporting documents, while it awaits the decision).
 */
export type Owner = { type: 'application' | 'report' | 'amendment'; id: string };

/** The kinds offered for each owner (the API takes any kind on any owner). */
export const KINDS: Record<Owner['type'], AttachmentKind[]> = {
  application: ['letter_of_support', 'agreement', 'budget', 'other'],
  report: ['receipt', 'other'],
  amendment: ['budget', 'agreement', 'other'],
};

/** More than any application or report carries; the API's largest page. */
const LIMIT = 200;

export const attachmentsKey = (owner: Owner) => ['documents', owner.type, owner.id] as const;

/** The owner's attachments, oldest first. */
export function useAttachments(owner: Owner) {
  return useQuery({
    queryKey: attachmentsKey(owner),
    queryFn: async () => {
      const params = { path: { id: owner.id }, query: { limit: LIMIT } };
      switch (owner.type) {
        case 'application':
          return unwrap(await api.GET('/api/v1/applications/{id}/documents', { params })).data;
        case 'report':
          return unwrap(await api.GET('/api/v1/reports/{id}/documents', { params })).data;
        case 'amendment':
          return unwrap(await api.GET('/api/v1/amendments/{id}/documents', { params })).data;
      }
    },
  });
}

/**
 * One file as multipart/form-data in the field `file`, the kind in the query. The API finds the
 * type from the bytes; the name is kept for the download.
 */
export async function uploadAttachment(owner: Owner, kind: AttachmentKind, file: File) {
  const init = {
    params: { path: { id: owner.id }, query: { kind }, header: idempotencyKey() },
    // The typed body names the field; what is sent is the file itself.
    body: { file: '' },
    bodySerializer: () => {
      const form = new FormData();
      form.append('file', file, file.name);
      return form;
    },
  };
  switch (owner.type) {
    case 'application':
      return unwrap(await api.POST('/api/v1/applications/{id}/documents', init));
    case 'report':
      return unwrap(await api.POST('/api/v1/reports/{id}/documents', init));
    case 'amendment':
      return unwrap(await api.POST('/api/v1/amendments/{id}/documents', init));
  }
}

export async function deleteAttachment(id: string) {
  unwrap(await api.DELETE('/api/v1/documents/{id}', { params: { path: { id } } }));
}

/** The bytes (the route wants the bearer token, which a plain link cannot send). */
export async function fetchAttachment(id: string): Promise<Blob> {
  return unwrap(
    await api.GET('/api/v1/documents/{id}/content', {
      params: { path: { id } },
      parseAs: 'blob',
    }),
  ) as unknown as Blob;
}

/** A file's size in the unit that suits it, in the user's language. */
export function formatSize(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte'];
  return new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', {
    style: 'unit',
    unit,
    // `110 bytes` / `110 バイト`; `12.5 kB` / `12.5 kB`.
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: 1,
  }).format(value);
}
