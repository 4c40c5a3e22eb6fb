import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got: a delivery attempt of the event `webhookId`. */
export interface ReceivedHook {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ReceiverOptions {
  /** Each answer (204) comes this long after the request. */
  delayMs?: number;
  /** Requests are held open, unanswered (the delivery stays in flight), until answered or released. */
  hold?: boolean;
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** A webhook endpoint on 127.0.0.1 that records every delivery attempt and answers 204. */
export async function startWebhookReceiver({ delayMs = 0, hold = false }: ReceiverOptions = {}) {
  const received: ReceivedHook[] = [];
  const held: { webhookId: string; res: ServerResponse }[] = [];
  let holding = hold;
  const answer = (res: ServerResponse) => {
    if (!res.destroyed) res.writeHead(204).end();
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const webhookId = String(req.headers['webhook-id']);
      received.push({
        webhookId,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      if (holding) held.push({ webhookId, res });
      else setTimeout(() => answer(res), delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Attempts received for one event (its `webhook-id`, the outbox event's id). */
    count: (webhookId: string) => received.filter((r) => r.webhookId === webhookId).length,
    /** The events whose requests are held open now. */
    held: () => held.map((h) => h.webhookId),
    /** Answers the held requests of one event. */
    answer(webhookId: string) {
      for (let i = held.length - 1; i >= 0; i--) {
        if (held[i].webhookId !== webhookId) continue;
        answer(held[i].res);
        held.splice(i, 1);
      }
    },
    /** Stops holding: what is held is answered now, and every later request at once. */
    release() {
      holding = false;
      for (const { res } of held.splice(0)) answer(res);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
