import type { Principal } from '../auth/principal';
import type { RequestContext } from '../common/http/request-context';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access guard once the caller is authenticated. */
    principal?: Principal;
    /** The request's context (request id, whether it recorded a change), from onRequest on. */
    requestContext?: RequestContext;
  }
}

export {};
