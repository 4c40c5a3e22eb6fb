import {
  CallHandler,
  ExecutionContext,
  INestApplication,
  Injectable,
  Logger,
  NestInterceptor,
  RequestMethod,
  SetMetadata,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, createHmac } from 'node:crypto';
import { catchError, from, lastValueFrom, map, mergeMap, Observable, of, throwError } from 'rxjs';
import { principalKey } from '../../../auth/principal';
import { Environment } from '../../../config/environment';
import { canonicalJson } from '../../canonical-json';
import { AppError } from '../../errors/app-error';
import { uploadedFile } from '../file-upload';
import { requestContext } from '../request-context';
import { routeHandlers } from '../handlers';
import { PROBLEM_JSON } from '../problem.filter';
import { localeOf, toProblem } from '../problem';
import { IdempotencyKeys, ResponseToStore, StoredResponse } from './idempotency-keys';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** The response headers a replay must carry again; the rest are per-response. */
const KEPT_HEADERS = ['location', 'etag'];

const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

export const NOT_IDEMPOTENT = 'idempotency:exempt';

/**
 * For a POST whose response must never be stored, such as login or token refresh: the tokens it
 * returns are secrets and a replayed refresh would hand out a rotated-away token. The header is
 * then accepted and ignored.
 */
export const NotIdempotent = () => SetMetadata(NOT_IDEMPOTENT, true);

export const ONE_TRANSACTION = 'idempotency:one-transaction';

/**
 * For a POST handler whose database work is one transaction opened with `transaction()`
 * (src/database/transaction.ts) and which does nothing after its commit (no second transaction,
 * no queue or file written outside it). With an Idempotency-Key, the interceptor then opens that
 * transaction itself and stores the response in it: the change and its replay commit together
 * (no claim and completion committed apart), and a crash between them can no longer leave a done
 * change whose retry runs again.
 */
export const OneTransaction = () => SetMetadata(ONE_TRANSACTION, true);

export function assertValidKey(key: string): void {
  if (!VALID_KEY.test(key)) {
    throw new AppError(
      'validation_failed',
      'The Idempotency-Key header must be 1 to 255 printable ASCII characters',
      [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }],
    );
  }
}

/**
 * Identifies "the same request". Keyed (HMAC) rather than a bare SHA-256 because bodies can hold
 * passwords, and a plain hash of a guessable password is crackable from a database dump.
 */
export function requestHash(secret: string, method: string, url: string, body: unknown): string {
  return createHmac('sha256', secret)
    .update(`${method}\n${url}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/**
 * SPEC §3 idempotency for every POST that carries `Idempotency-Key`: the first request with a key
 * runs; a repeat with the same body gets the first status and body again without running the
 * handler; a repeat with another body, or one arriving while the first still runs, gets a 409.
 * Runs after the guards, so the key is scoped to the authenticated principal. Bound to the POST
 * routes only (`bindIdempotency`), not global: a global interceptor would cost every GET Nest's
 * interceptor chain for nothing.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly log = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly env: Environment,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const key = req.headers[IDEMPOTENCY_KEY_HEADER];
    if (typeof key !== 'string') return next.handle();
    assertValidKey(key);

    const res = context.switchToHttp().getResponse<FastifyReply>();
    const principal = req.principal
      ? principalKey(req.principal)
      : `anonymous:${req.ip ?? 'unknown'}`;
    const hash = requestHash(this.env.JWT_SECRET, req.method, req.originalUrl, bodyOf(req));
    if (Reflect.getMetadata(ONE_TRANSACTION, context.getHandler())) {
      return this.inTransaction(req, res, next, { principal, key, hash });
    }

    return from(this.keys.claim(principal, key, hash)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') return of(replay(res, claim.response));
        const settle = (response: ResponseToStore) =>
          this.keys.complete(principal, key, claim.token, response).then(
            (kept) => kept || this.log.warn({ key }, 'idempotency claim lapsed before completion'),
            // The work is done and committed; failing the request now would invite a retry that
            // repeats it. The claim lapses and the key behaves as unused.
            (error: unknown) =>
              this.log.error({ err: error }, 'could not store idempotent response'),
          );
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await settle(responseOf(res, body));
            return body;
          }),
          catchError((error: unknown) => {
            // A 4xx is the answer to this request and is replayed; a 5xx is our failure, which a
            // retry with the same key must be allowed to get past.
            const refusal = refusalOf(req, error);
            const done = refusal
              ? settle(refusal)
              : this.keys.release(principal, key, claim.token).catch((releaseError: unknown) => {
                  this.log.warn({ err: releaseError }, 'idempotency key release retried later');
                  this.keys.releaseLater(principal, key, claim.token);
                });
            return from(done).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  /**
   * A `@OneTransaction()` handler: it runs inside the transaction that takes the key and stores
   * its response (IdempotencyKeys.inTransaction); its services join that transaction. A 4xx is
   * stored once the work rolled back; a 5xx leaves nothing behind.
   */
  private inTransaction(
    req: FastifyRequest,
    res: FastifyReply,
    next: CallHandler,
    { principal, key, hash }: { principal: string; key: string; hash: string },
  ): Observable<unknown> {
    // The handler's refusal (4xx) is this request's answer; the key's own (in use, reused) is not.
    let refusal: ResponseToStore | undefined;
    const outcome = this.keys
      .inTransaction(principal, key, hash, async (manager) => {
        try {
          const body = await requestContext.joining(manager, () => lastValueFrom(next.handle()));
          return { result: body, response: responseOf(res, body) };
        } catch (error) {
          refusal = refusalOf(req, error);
          throw error;
        }
      })
      .catch(async (error: unknown) => {
        if (refusal) {
          await this.keys
            .record(principal, key, hash, refusal)
            .catch((recordError: unknown) =>
              this.log.error({ err: recordError }, 'could not store idempotent response'),
            );
        }
        throw error;
      });
    return from(outcome).pipe(
      map((done) => (done.kind === 'replay' ? replay(res, done.response) : done.result)),
    );
  }
}

/** The response to store for a handler's result. */
function responseOf(res: FastifyReply, body: unknown): ResponseToStore {
  return { status: res.statusCode, bodyJson: jsonText(body), headers: keptHeaders(res) };
}

/** A refusal (4xx) as the problem document sent, to be replayed; `undefined` for a 5xx. */
function refusalOf(req: FastifyRequest, error: unknown): ResponseToStore | undefined {
  const requestId = req.id === undefined ? undefined : String(req.id);
  const { problem, headers } = toProblem(
    error,
    requestId,
    localeOf(req.headers['accept-language']),
  );
  if (problem.status >= 500) return undefined;
  return {
    status: problem.status,
    bodyJson: JSON.stringify(problem),
    headers: { ...lowerCaseKeys(headers), 'content-type': PROBLEM_JSON },
  };
}

/**
 * What makes two requests "the same": the JSON body, or for an upload the file received (its
 * name and a digest of its bytes), which the upload interceptor bound before this one has read.
 */
function bodyOf(req: FastifyRequest): unknown {
  const file = uploadedFile(req);
  if (!file) return req.body;
  const sha256 = createHash('sha256').update(file.buffer).digest('hex');
  return { file: { filename: file.filename, sha256 } };
}

/**
 * Binds the app's IdempotencyInterceptor to every POST handler not marked `@NotIdempotent()`.
 * Before `init()`, which reads each route's interceptors as it registers the route. An instance
 * of an earlier app in the process (tests boot several) is replaced, not added to.
 */
export function bindIdempotency(app: INestApplication): void {
  const interceptor = app.get(IdempotencyInterceptor);
  for (const { controller, handler } of routeHandlers(app)) {
    if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
    if (
      Reflect.getMetadata(NOT_IDEMPOTENT, handler) ||
      Reflect.getMetadata(NOT_IDEMPOTENT, controller)
    ) {
      continue;
    }
    const bound = ((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[]).filter(
      (other) => !(other instanceof IdempotencyInterceptor),
    );
    // Last, so an upload interceptor has read the file whose digest identifies the request.
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [...bound, interceptor], handler);
  }
}

function replay(res: FastifyReply, response: StoredResponse): unknown {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.header(name, value);
  res.header(REPLAYED_HEADER, 'true');
  return response.body;
}

/** The JSON the client is sent (dates as strings, class instances as plain objects); `null` for none. */
function jsonText(body: unknown): string {
  return (JSON.stringify(body) as string | undefined) ?? 'null';
}

function keptHeaders(res: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
