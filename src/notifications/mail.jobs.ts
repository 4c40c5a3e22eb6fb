import type { TemplateName, TemplateVars } from './templates';

/** One e-mail: the notification row it delivers and the data its template renders. */
export interface MailJob<T extends TemplateName = TemplateName> {
  notificationId: string;
  vars: TemplateVars[T];
}

export const MAIL_JOB = 'mail';
/** BullMQ refuses ':' in custom job ids. */
export const mailJobId = (notificationId: string) => `mail-${notificationId}`;
/** Then the notification is `failed` (a permanent SMTP rejection fails it at once). */
export const MAIL_ATTEMPTS = 5;
export const MAIL_BACKOFF = { type: 'exponential', delay: 1_000 } as const;
