import type { Principal } from '../auth/principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access guard once the caller is authenticated. */
    principal?: Principal;
  }
}

export {};
