import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, verifyWebhook } from './signature';

describe('Standard Webhooks signature', () => {
  // The example of the Standard Webhooks reference libraries (svix), so any of them verifies ours.
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    message: {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    },
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  it('signs the reference test vector', () => {
    expect(signWebhook(vector.secret, vector.message)).toBe(vector.signature);
  });

  it('verifies the vector within the tolerance, and refuses it outside', () => {
    const { secret, message, signature } = vector;
    expect(verifyWebhook(secret, message, signature, { nowSeconds: message.timestamp + 10 })).toBe(
      true,
    );
    expect(verifyWebhook(secret, message, signature, { nowSeconds: message.timestamp + 301 })).toBe(
      false,
    );
    expect(verifyWebhook(secret, message, signature, { nowSeconds: message.timestamp - 301 })).toBe(
      false,
    );
  });

  it('accepts one matching signature among several, and refuses tampering', () => {
    const { secret, message, signature } = vector;
    const now = { nowSeconds: message.timestamp };
    expect(verifyWebhook(secret, message, `v1,bm9wZQ== ${signature}`, now)).toBe(true);
    expect(verifyWebhook(secret, { ...message, body: '{"test": 1}' }, signature, now)).toBe(false);
    expect(verifyWebhook(secret, { ...message, id: 'msg_other' }, signature, now)).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), message, signature, now)).toBe(false);
    expect(verifyWebhook(secret, message, signature.replace('v1,', 'v2,'), now)).toBe(false);
    expect(verifyWebhook(secret, message, 'v1,', now)).toBe(false);
  });

  it('makes secrets of 32 random bytes in the whsec_ format', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('keys the HMAC with the decoded secret, not its text', () => {
    const secret = newWebhookSecret();
    const message = { id: 'evt', timestamp: 1_700_000_000, body: '{}' };
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update('evt.1700000000.{}')
      .digest('base64');
    expect(signWebhook(secret, message)).toBe(`v1,${expected}`);
  });
});
