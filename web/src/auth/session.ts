/**
 * The browser's session with the API (`/api/v1/auth/session`): the access token lives in this
 * module's memory only (never in storage); the refresh token is an httpOnly cookie the page
 * cannot read; refreshing and logging out send the CSRF token (the `sdg_csrf` cookie) back in
 * `X-CSRF-Token`. A reload restores the session by refreshing; the token is refreshed a minute
 * before it expires, and once more when the API answers 401.
 */
const SESSION = '/api/v1/auth/session';
const REFRESH_EARLY_MS = 60_000;

interface SessionState {
  accessToken: string | null;
  /** False until the first attempt to restore a session has answered. */
  ready: boolean;
}

interface SessionBody {
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
}

let state: SessionState = { accessToken: null, ready: false };
let refreshing: Promise<string | null> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

function csrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith('sdg_csrf='))
    ?.slice('sdg_csrf='.length);
}

function started(body: SessionBody): string {
  clearTimeout(timer);
  timer = setTimeout(
    () => void refresh(),
    Math.max(10_000, body.expiresIn * 1000 - REFRESH_EARLY_MS),
  );
  set({ accessToken: body.accessToken, ready: true });
  return body.accessToken;
}

function ended(): null {
  clearTimeout(timer);
  set({ accessToken: null, ready: true });
  return null;
}

export const session = {
  get: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** Logs in; resolves to the problem document when the API refuses. */
  async login(email: string, password: string, language: string): Promise<unknown | null> {
    const res = await fetch(SESSION, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) return res.json().catch(() => ({ status: res.status }));
    started((await res.json()) as SessionBody);
    return null;
  },

  async logout(): Promise<void> {
    const csrf = csrfToken();
    if (csrf) {
      await fetch(`${SESSION}/logout`, { method: 'POST', headers: { 'x-csrf-token': csrf } });
    }
    ended();
  },

  refresh,
};

/** A new access token from the session cookie (one request however many callers); null: none. */
function refresh(): Promise<string | null> {
  refreshing ??= (async () => {
    const csrf = csrfToken();
    if (!csrf) return ended();
    try {
      const res = await fetch(`${SESSION}/refresh`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
      });
      return res.ok ? started((await res.json()) as SessionBody) : ended();
    } catch {
      return ended();
    }
  })().finally(() => (refreshing = null));
  return refreshing;
}
