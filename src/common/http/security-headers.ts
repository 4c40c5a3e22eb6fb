import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The response headers helmet sets for `options`, worked out once. Helmet is middleware that
 * builds every header again on each request (parsing the Content-Security-Policy directives each
 * time: a tenth of a bare route's CPU here); the headers never vary, so they are computed at
 * start and set on every reply as they are.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The portal page's Content-Security-Policy: its own scripts only (no inline script, no eval),
 * styles from its own files plus the `<style>` elements Mantine injects with this response's
 * nonce, data: images and fonts, requests to this origin only, never framed.
 */
export function portalPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
