import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';

/** A versioned resource: its ETag is its version, so `If-Match` compares integers. */
export interface Versioned {
  version: number;
}

export const etagOf = (resource: Versioned) => `"${resource.version}"`;

export function setEtag(res: FastifyReply, resource: Versioned): void {
  res.header('ETag', etagOf(resource));
}

/**
 * The version a `PATCH` expects, from `If-Match: "3"` (weak `W/"3"` accepted too);
 * undefined when the header is absent. A header that is no ETag of ours can never match → 412.
 */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
});

/** Throws 412 when the caller's `If-Match` names another version than the current one. */
export function assertVersion(resource: Versioned, expected: number | undefined): void {
  if (expected !== undefined && expected !== resource.version) {
    throw new AppError(
      'precondition_failed',
      `If-Match ${expected < 0 ? 'is not a valid ETag' : `"${expected}"`}; the current ETag is ${etagOf(resource)}`,
    );
  }
}
