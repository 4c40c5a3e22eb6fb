/**
 * The life of one notification's e-mail (SPEC §5.11), at most once:
 *
 * | from      | to          | when                                                                 |
 * |-----------|-------------|----------------------------------------------------------------------|
 * | pending   | sending     | an attempt claims it, committed before SMTP is spoken to             |
 * | pending   | pending     | it cannot be rendered yet (retried), nothing was sent                |
 * | pending   | failed      | its template is unknown, or rendering failed on the last attempt     |
 * | sending   | sent        | the server accepted it (message id recorded)                         |
 * | sending   | pending     | the server certainly did not take it (no connection, a 4xx reply)    |
 * | sending   | failed      | the server refused it for good (5xx), or deferred it on the last try |
 * | sending   | uncertain   | nobody knows whether it went: never sent again                       |
 *
 * `sent`, `failed` and `uncertain` are final.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'uncertain'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** What a job does with the row it finds (under the row's delivery lock). */
export type PickUp = 'claim' | 'settle-uncertain' | 'skip';

/**
 * `sending` found by a job that holds the delivery lock: the attempt that claimed it is gone (its
 * process died, or PostgreSQL failed its result) and may or may not have handed the message over.
 */
export function pickUp(status: string | undefined): PickUp {
  if (status === 'pending') return 'claim';
  if (status === 'sending') return 'settle-uncertain';
  return 'skip';
}

/**
 * What an error from the SMTP exchange says about the message:
 * - `refused`: the server answered 5xx — it will refuse the same message again;
 * - `deferred`: it was certainly not accepted (a 4xx reply, or no session was ever opened);
 * - `unknown`: the connection broke or timed out mid-session, possibly after the server had
 *   taken the message and before its reply reached us.
 */
export type SmtpOutcome = 'refused' | 'deferred' | 'unknown';

/** Errors of the socket before any SMTP was spoken: nothing can have been delivered. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
/** Nodemailer codes of steps that all come before MAIL FROM (DNS, TLS, AUTH, the envelope). */
const BEFORE_ENVELOPE = new Set(['EDNS', 'ETLS', 'EREQUIRETLS', 'EAUTH', 'ENOAUTH', 'EOAUTH2']);
/** Nodemailer's timers of the connection's set-up (connect, greeting), not of the session. */
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT']);

export function smtpOutcome(error: unknown): SmtpOutcome {
  const { responseCode, code, originalCode, timeoutType } = (error ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    originalCode?: unknown;
    timeoutType?: unknown;
  };
  // Any reply the server gave to a command, the end of DATA included, is a "no".
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
    return 'refused';
  }
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500) {
    return 'deferred';
  }
  // An envelope nodemailer itself finds unusable (no recipient): no server will take it.
  if (code === 'EENVELOPE') return 'refused';
  if (typeof originalCode === 'string' && NEVER_CONNECTED.has(originalCode)) return 'deferred';
  if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return 'deferred';
  if (typeof code === 'string' && BEFORE_ENVELOPE.has(code)) return 'deferred';
  if (typeof timeoutType === 'string' && SETUP_TIMEOUTS.has(timeoutType)) return 'deferred';
  return 'unknown';
}

/** The row's status after an attempt's SMTP exchange failed. */
export function statusAfterSmtpError(
  outcome: SmtpOutcome,
  lastAttempt: boolean,
): Extract<NotificationStatus, 'pending' | 'failed' | 'uncertain'> {
  if (outcome === 'unknown') return 'uncertain';
  if (outcome === 'refused' || lastAttempt) return 'failed';
  return 'pending';
}

/** Written to the row's `error` while it is `sending`: who claimed it, and when. */
export function claimNote(jobId: string | undefined, attempt: number, at: Date): string {
  return `sending since ${at.toISOString()} (job ${jobId ?? '?'}, attempt ${attempt})`;
}

/** The reason a row found `sending` is settled as `uncertain`. */
export function abandonedClaimReason(note: string | null): string {
  return (
    `uncertain: the attempt ${note ? `${note} ` : ''}stopped before recording whether the ` +
    `SMTP server accepted the message (worker stopped or database failed); not sent again to ` +
    `avoid a duplicate`
  );
}

/** The reason an attempt whose own SMTP exchange broke off settles the row as `uncertain`. */
export function unknownOutcomeReason(error: unknown): string {
  return (
    `uncertain: the SMTP exchange broke off before the server's reply ` +
    `(${messageOf(error)}); not sent again to avoid a duplicate`
  );
}

export const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1800);
