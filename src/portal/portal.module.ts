import fastifyStatic from '@fastify/static';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Environment } from '../config/environment';
import { portalPolicy } from '../common/http/security-headers';

/** Paths the portal never answers: the API and the operational endpoints keep their 404s. */
const NOT_THE_PORTAL = /^\/(api|health|metrics|admin|docs)(\/|$)/;

/** Every file of the built portal, as URL paths (`/assets/index-1a2b.js`). */
function filesOf(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.add(`/${relative(root, path).split(sep).join('/')}`);
    }
  };
  walk(root);
  return files;
}

/**
 * The web portal (issue 15), served by the API at `/` from the Vite build (`WEB_DIST_DIR`): its
 * files as they are (hashed assets cached for a year), and every other GET path the portal's
 * own router handles gets `index.html` (the SPA fallback) — never a path of the API, `/health`,
 * `/metrics`, `/admin` or `/docs`. `index.html` is sent with a fresh CSP nonce each time (for
 * the styles Mantine injects); the policy allows no inline script and nothing from elsewhere.
 * Without a build (an API-only deployment, the API's own tests) nothing is served.
 */
@Module({})
export class PortalModule implements OnModuleInit {
  private readonly log = new Logger(PortalModule.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly env: Environment,
  ) {}

  async onModuleInit(): Promise<void> {
    const root = resolve(this.env.WEB_DIST_DIR);
    if (!existsSync(join(root, 'index.html'))) {
      this.log.log(`no portal build in ${root} (npm run web:build); serving the API only`);
      return;
    }
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    const files = filesOf(root);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(async (scope) => {
      await scope.register(fastifyStatic, { root, serve: false });
      scope.get('/*', (req, reply) => {
        const path = req.url.split('?')[0];
        if (NOT_THE_PORTAL.test(path)) return reply.callNotFound();
        if (path !== '/index.html' && files.has(path)) {
          // Vite names what is in /assets by content hash: a year, never revalidated.
          const immutable = path.startsWith('/assets/');
          return reply.sendFile(path.slice(1), {
            maxAge: immutable ? 365 * 86_400_000 : 3_600_000,
            immutable,
          });
        }
        return sendIndex(reply, index);
      });
    });
  }
}

function sendIndex(reply: FastifyReply, index: string): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .header('Content-Security-Policy', portalPolicy(nonce))
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(index.replaceAll('__CSP_NONCE__', nonce));
}
