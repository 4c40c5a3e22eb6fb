/**
 * The floors of `npm run bench` (issue 14): what the machine does per request with nothing of ours
 * in the way, measured in the same run as the API so every HTTP row is a ratio to its own floor.
 * One small process per floor, started by the bench as `node bench-floors.js <floor>`:
 *
 * - `http`: bare `node:http` answering a fixed JSON body;
 * - `pk`: bare `node:http` + `pg`, one named prepared primary-key lookup of an application row
 *   per request (`GET /applications/:id`), the row as JSON;
 * - `write`: bare `node:http` + `pg`, the writes of the API's two measured POSTs, each in one
 *   transaction of named prepared statements: `POST /applications` inserts the application, its
 *   transition, an audit event (unsealed, as the API writes it), an outbox row and an
 *   idempotency row;
 *   `POST /assignments/:id/submit` updates the assignment and inserts the same last three.
 *
 * No framework, no validation, no authentication, no logging: a floor, not a competitor. It reads
 * DATABASE_URL, DATABASE_POOL_SIZE (the API's pool size, so both have as many connections) and
 * PORT, and prints `floor listening` when it is ready.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { Pool, PoolClient, QueryConfig } from 'pg';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>;

const floor = process.argv[2];
const port = Number(process.env.PORT);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  // Kept open between measures: a backend exiting mid-measure is a race for the CPU reading.
  idleTimeoutMillis: 0,
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const statement = (name: string, text: string, values: unknown[]): QueryConfig => ({
  name,
  text,
  values,
});

const PK_LOOKUP = 'SELECT * FROM applications WHERE id = $1';

const INSERT_APPLICATION = `
  INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                            summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                            version)
  VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, 1)
  RETURNING *`;
const INSERT_TRANSITION = `
  INSERT INTO application_transitions (application_id, "from", "to", action, actor_id, at)
  VALUES ($1, NULL, 'draft', 'create', $2, now())`;
const UPDATE_ASSIGNMENT = `
  UPDATE assignments SET status = 'submitted', submitted_at = now(), version = version + 1
   WHERE id = $1 AND status = 'assigned'
  RETURNING *`;
const INSERT_AUDIT = `
  INSERT INTO audit_events (id, occurred_at, actor_id, actor_type, action, entity_type,
                            entity_id, data, request_id)
  VALUES ($1, now(), $2, 'user', $3, $4, $5, $6, $7)`;
const INSERT_OUTBOX = `
  INSERT INTO outbox (id, event_type, payload, audit_event_id) VALUES ($1, $2, $3, $4)`;
const INSERT_IDEMPOTENCY = `
  INSERT INTO idempotency_keys (principal, key, request_hash, state, response_status,
                                response_body, response_headers, locked_until, expires_at)
  VALUES ($1, $2, $3, 'completed', $4, $5, '{}', now(), now() + interval '24 hours')`;

const hex64 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An audit event, its outbox row and the idempotency row: the tail of every write. */
async function record(
  client: PoolClient,
  req: IncomingMessage,
  action: string,
  entity: { type: string; id: string; actorId: string },
  response: unknown,
): Promise<void> {
  const id = randomUUID();
  const data = JSON.stringify({ entityId: entity.id });
  // The request id is its own parameter: `id` twice would ask PostgreSQL for one type for a
  // uuid column and a varchar one, which it refuses ("inconsistent types deduced").
  const requestId = randomUUID();
  await client.query(
    statement('audit', INSERT_AUDIT, [
      id,
      entity.actorId,
      action,
      entity.type,
      entity.id,
      data,
      requestId,
    ]),
  );
  await client.query(statement('outbox', INSERT_OUTBOX, [randomUUID(), action, data, id]));
  await client.query(
    statement('idempotency', INSERT_IDEMPOTENCY, [
      `user:${entity.actorId}`,
      String(req.headers['idempotency-key'] ?? randomUUID()),
      hex64(`${req.url}${data}`),
      201,
      JSON.stringify(response),
    ]),
  );
}

/** BEGIN … COMMIT around `work`, ROLLBACK when it throws. */
async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

interface CreateBody {
  roundId: string;
  partnershipId: string;
  jpCityId: string;
  usCityId: string;
  actorId: string;
  title: unknown;
  summary: unknown;
  startsOn: string;
  endsOn: string;
  budgetLines: unknown[];
}

const handlers: Record<string, Handler> = {
  http: async (_req, res) => send(res, 200, { status: 'ok' }),

  pk: async (req, res) => {
    const id = req.url!.slice(req.url!.lastIndexOf('/') + 1);
    const { rows } = await pool.query(statement('pk', PK_LOOKUP, [id]));
    if (rows[0]) send(res, 200, rows[0]);
    else send(res, 404, { code: 'not_found' });
  },

  write: async (req, res, text) => {
    if (req.url === '/applications') {
      const body = JSON.parse(text) as CreateBody;
      const application = await transaction(async (client) => {
        const { rows } = await client.query(
          statement('application', INSERT_APPLICATION, [
            body.roundId,
            body.partnershipId,
            body.jpCityId,
            body.usCityId,
            JSON.stringify(body.title),
            JSON.stringify(body.summary),
            body.startsOn,
            body.endsOn,
            JSON.stringify(body.budgetLines),
            hex64(text),
            body.actorId,
          ]),
        );
        const row = rows[0] as { id: string };
        await client.query(statement('transition', INSERT_TRANSITION, [row.id, body.actorId]));
        await record(
          client,
          req,
          'application.created',
          { type: 'application', id: row.id, actorId: body.actorId },
          row,
        );
        return row;
      });
      return send(res, 201, application);
    }
    const match = /^\/assignments\/([0-9a-f-]{36})\/submit$/.exec(req.url ?? '');
    if (!match) return send(res, 404, { code: 'not_found' });
    const assignment = await transaction(async (client) => {
      const { rows } = await client.query(statement('submit', UPDATE_ASSIGNMENT, [match[1]]));
      const row = rows[0] as { id: string; reviewer_id: string } | undefined;
      if (row) {
        await record(
          client,
          req,
          'review.submitted',
          { type: 'assignment', id: row.id, actorId: row.reviewer_id },
          row,
        );
      }
      return row;
    });
    return assignment ? send(res, 200, assignment) : send(res, 409, { code: 'invalid_state' });
  },
};

const handle = handlers[floor];
if (!handle) {
  console.error(`usage: bench-floors <${Object.keys(handlers).join('|')}>`);
  process.exit(2);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    handle(req, res, Buffer.concat(chunks).toString()).catch((error: Error) =>
      send(res, 500, { code: 'internal', detail: error.message }),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`floor listening on ${port}`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
