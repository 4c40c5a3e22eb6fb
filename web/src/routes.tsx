import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './ui/Layout';
import { RequireSession } from './ui/RequireSession';
import { PageLoader } from './ui/States';

/**
 * Every page of the portal. Pages load on first visit (each its own chunk), so the first page
 * costs only the shell: the initial JavaScript stays within its budget (scripts/web-budget.ts).
 */
const page = (load: () => Promise<{ Component: React.ComponentType }>) => ({
  lazy: load,
  hydrateFallbackElement: <PageLoader />,
});

export const router = createBrowserRouter([
  { path: '/login', ...page(() => import('./pages/LoginPage')) },
  {
    element: <RequireSession />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, ...page(() => import('./pages/HomePage')) },
          { path: 'partnerships', ...page(() => import('./city/PartnershipsPage')) },
          { path: 'applications', ...page(() => import('./city/ApplicationsPage')) },
          { path: 'applications/new', ...page(() => import('./city/ApplicationFormPage')) },
          { path: 'applications/:id', ...page(() => import('./city/ApplicationPage')) },
          { path: 'applications/:id/edit', ...page(() => import('./city/ApplicationFormPage')) },
          { path: 'awards', ...page(() => import('./city/AwardsPage')) },
          { path: 'awards/:id', ...page(() => import('./city/AwardPage')) },
          { path: 'reports/:id', ...page(() => import('./city/ReportPage')) },
          { path: 'payee-accounts', ...page(() => import('./city/PayeeAccountsPage')) },
          { path: 'assignments', ...page(() => import('./reviewer/AssignmentsPage')) },
          { path: 'assignments/:id', ...page(() => import('./reviewer/AssignmentPage')) },
          { path: '*', ...page(() => import('./pages/NotFoundPage')) },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);
