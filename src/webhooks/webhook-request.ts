import { type Dispatcher, fetch, type Response } from 'undici';
import { signWebhook } from './signature';
import { TargetRefused } from './ssrf';

/** What one HTTP attempt came to, as the attempt log keeps it. */
export interface AttemptOutcome {
  /** Null when no response came (timeout, refused connection, refused target). */
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** A 2xx: the receiver has it. */
  delivered: boolean;
}

const EXCERPT_CHARS = 1000;
const ERROR_CHARS = 500;
const USER_AGENT = 'SubnationalDiplomacyGrants-Webhooks/1.0';

export interface OutgoingWebhook {
  url: string;
  secret: string;
  /** The event id: the `webhook-id` header, the same on every attempt. */
  eventId: string;
  /** Serialised once: the bytes signed are the bytes sent. */
  body: string;
}

/**
 * One signed POST. Redirects are not followed (a 3xx is a failure: following one would let a
 * public URL bounce the worker onto an internal address after the SSRF check), the whole exchange
 * is bounded by `timeoutMs`, and at most ~1 KB of the answer is read.
 */
export async function sendWebhook(
  webhook: OutgoingWebhook,
  timeoutMs: number,
  dispatcher?: Dispatcher,
): Promise<AttemptOutcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let statusCode: number | null = null;
  try {
    const response = await fetch(webhook.url, {
      dispatcher,
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': webhook.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(webhook.secret, {
          id: webhook.eventId,
          timestamp,
          body: webhook.body,
        }),
      },
      body: webhook.body,
    });
    statusCode = response.status;
    const responseExcerpt = await excerptOf(response);
    const delivered = statusCode >= 200 && statusCode < 300;
    const error =
      statusCode >= 300 && statusCode < 400
        ? `redirect not followed${response.headers.get('location') ? ` (to ${response.headers.get('location')})` : ''}`
        : null;
    return { statusCode, durationMs: elapsed(), responseExcerpt, error: clip(error), delivered };
  } catch (error) {
    return {
      statusCode,
      durationMs: elapsed(),
      responseExcerpt: null,
      error: clip(describe(error)),
      delivered: false,
    };
  }
}

/** The first bytes of the body; the rest is cancelled, not downloaded. */
async function excerptOf(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_CHARS * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  return text.length ? text.slice(0, EXCERPT_CHARS) : null;
}

/**
 * What went wrong, in a word where there is one. Duck-typed: the abort is a DOMException, which
 * is not always an `instanceof Error` of this realm.
 */
function describe(error: unknown): string {
  const { name, message, cause } = (error ?? {}) as {
    name?: string;
    message?: string;
    cause?: { code?: unknown; message?: string };
  };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  // The connection's own lookup refused what the name resolved to (see publicOnlyLookup).
  if (cause instanceof TargetRefused) return `target refused: ${cause.message}`;
  // fetch wraps network failures as "fetch failed"; the cause says which (ECONNREFUSED …).
  if (typeof cause?.code === 'string') return cause.code;
  return cause?.message ?? message ?? String(error);
}

const clip = (text: string | null) => (text === null ? null : text.slice(0, ERROR_CHARS));
