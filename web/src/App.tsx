import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setNonce } from 'get-nonce';
import { RouterProvider } from 'react-router';
import { router } from './routes';

/**
 * The CSP nonce the API gave this page (index.html), for the <style>s Mantine injects: its own
 * (getStyleNonce) and its modals' scroll lock (react-remove-scroll, through get-nonce).
 */
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
setNonce(nonce);

const theme = createTheme({
  primaryColor: 'indigo',
  // White on the default shade (6) is 4.3:1, under WCAG AA's 4.5:1.
  primaryShade: 8,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", sans-serif',
  defaultRadius: 'md',
});

const queryClient = new QueryClient({
  defaultOptions: {
    // A 4xx is an answer, not a hiccup: only network failures and 5xx are retried, once.
    queries: {
      retry: (count, error) => count < 1 && !(error as { status?: number }).status,
      staleTime: 15_000,
      refetchOnWindowFocus: false,
    },
  },
  queryCache: new QueryCache(),
});

export function App() {
  return (
    <MantineProvider theme={theme} getStyleNonce={() => nonce}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
