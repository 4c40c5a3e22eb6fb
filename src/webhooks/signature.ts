import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com), so integrators can verify with
 * any of its libraries: HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`, keyed with
 * the base64-decoded part of the secret after `whsec_`, sent as `v1,<base64>`.
 */
const SECRET_PREFIX = 'whsec_';

/** Replays older (or newer) than this are refused by verifiers (the spec's recommendation). */
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

export interface SignedMessage {
  /** The `webhook-id` header: the event id. */
  id: string;
  /** The `webhook-timestamp` header: unix seconds of this attempt. */
  timestamp: number;
  /** The exact bytes sent. */
  body: string;
}

/** The `webhook-signature` header value for one message. */
export function signWebhook(secret: string, message: SignedMessage): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${message.id}.${message.timestamp}.${message.body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * True when one of the space-separated `v1,…` signatures of `header` matches and the timestamp is
 * within the tolerance of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  message: SignedMessage,
  header: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isInteger(message.timestamp) || Math.abs(now - message.timestamp) > tolerance) {
    return false;
  }
  const expected = Buffer.from(signWebhook(secret, message).slice('v1,'.length), 'base64');
  return header.split(' ').some((candidate) => {
    const [version, signature] = candidate.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
