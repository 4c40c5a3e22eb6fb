import { createHmac } from 'node:crypto';

/**
 * The `webhook-signature` a Standard Webhooks receiver expects, computed here independently of
 * src/webhooks/signature.ts: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the
 * base64 part of the `whsec_` secret.
 */
export function standardWebhookSignature(
  secret: string,
  message: { id: string; timestamp: string; body: string },
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(
    `${message.id}.${message.timestamp}.${message.body}`,
  );
  return `v1,${mac.digest('base64')}`;
}
