/** The stable, machine-readable error codes of SPEC §3, each with its one HTTP status. */
export const ERROR_CODES = {
  validation_failed: { status: 400, en: 'Invalid request', ja: 'リクエストが不正です' },
  unauthenticated: { status: 401, en: 'Authentication required', ja: '認証が必要です' },
  forbidden: { status: 403, en: 'Forbidden', ja: 'この操作は許可されていません' },
  not_found: { status: 404, en: 'Not found', ja: '見つかりません' },
  invalid_state: {
    status: 409,
    en: 'Not allowed in the current state',
    ja: '現在の状態では実行できません',
  },
  idempotency_key_reused: {
    status: 409,
    en: 'Idempotency key reused with a different request',
    ja: '冪等キーが別のリクエストで再利用されました',
  },
  idempotency_key_in_use: {
    status: 409,
    en: 'A request with this idempotency key is still in progress',
    ja: 'この冪等キーのリクエストは処理中です',
  },
  conflict: { status: 409, en: 'Conflict', ja: '競合しています' },
  precondition_failed: {
    status: 412,
    en: 'The resource has changed',
    ja: 'リソースが更新されています',
  },
  rule_violation: {
    status: 422,
    en: 'Business rule violated',
    ja: '業務ルールに違反しています',
  },
  rate_limited: { status: 429, en: 'Too many requests', ja: 'リクエストが多すぎます' },
  internal: { status: 500, en: 'Internal error', ja: '内部エラー' },
  unavailable: {
    status: 503,
    en: 'Service unavailable',
    ja: 'サービスを利用できません',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one exception a service throws for an expected failure. The code decides the HTTP status;
 * `detail` says what happened in words a caller can act on.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
