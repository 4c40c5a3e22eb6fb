import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { publicOnlyLookup, type Resolver } from './ssrf';
import { sendWebhook } from './webhook-request';

/**
 * DNS rebinding: the name answered a public address when the target was checked, and answers a
 * private one when the delivery connects. The delivery's own connection must refuse it.
 */
describe('a webhook delivery connects only where its lookup allows', () => {
  let server: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received += 1;
      req.resume();
      res.writeHead(204).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received = 0));

  const webhook = () => ({
    url: `http://rebound.example:${port}/hook`,
    secret: 'whsec_' + Buffer.from('k'.repeat(32)).toString('base64'),
    eventId: '11111111-1111-4111-8111-111111111111',
    body: '{"id":"x"}',
  });
  const toLoopback: Resolver = () => Promise.resolve(['127.0.0.1']);

  it('refuses a name that now resolves to loopback, sending nothing', async () => {
    const agent = new Agent({ connect: { lookup: publicOnlyLookup(toLoopback) } });
    const outcome = await sendWebhook(webhook(), 5_000, agent);
    await agent.close();
    expect(outcome).toMatchObject({
      delivered: false,
      statusCode: null,
      error: 'target refused: rebound.example (127.0.0.1) is a loopback address',
    });
    expect(received).toBe(0);
  });

  it('delivers through the same name when the lookup lets it (the control)', async () => {
    const agent = new Agent({
      connect: {
        lookup: (_host, options, callback) =>
          options.all
            ? callback(null, [{ address: '127.0.0.1', family: 4 }])
            : callback(null, '127.0.0.1', 4),
      },
    });
    const outcome = await sendWebhook(webhook(), 5_000, agent);
    await agent.close();
    expect(outcome).toMatchObject({ delivered: true, statusCode: 204 });
    expect(received).toBe(1);
  });
});

describe('publicOnlyLookup', () => {
  const lookUp = (addresses: string[], all: boolean) =>
    new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
      publicOnlyLookup(() => Promise.resolve(addresses))(
        'host.example',
        { all },
        (error, address, family) => resolve({ error, address, family }),
      ),
    );

  it('answers public addresses as the socket asked (one, or all)', async () => {
    expect(await lookUp(['93.184.216.34'], false)).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect((await lookUp(['93.184.216.34', '2606:2800:220:1::248'], true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::248', family: 6 },
    ]);
  });

  it.each([
    [['10.0.0.5'], 'private'],
    [['93.184.216.34', '169.254.169.254'], 'link-local'],
    [['::1'], 'loopback'],
  ])('refuses %j (%s)', async (addresses, klass) => {
    const { error } = await lookUp(addresses, true);
    expect(error?.message).toContain(`is a ${klass} address`);
  });
});
