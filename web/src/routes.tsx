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
          { path: 'rounds', ...page(() => import('./officer/rounds/RoundsPage')) },
          { path: 'rounds/new', ...page(() => import('./officer/rounds/RoundFormPage')) },
          { path: 'rounds/:id', ...page(() => import('./officer/rounds/RoundPage')) },
          { path: 'rounds/:id/edit', ...page(() => import('./officer/rounds/RoundFormPage')) },
          {
            path: 'office/applications',
            ...page(() => import('./officer/applications/OfficeApplicationsPage')),
          },
          {
            path: 'office/applications/:id',
            ...page(() => import('./officer/applications/OfficeApplicationPage')),
          },
          {
            path: 'rounds/:id/ranking',
            ...page(() => import('./officer/applications/RankingPage')),
          },
          {
            path: 'office/reports',
            ...page(() => import('./officer/oversight/OfficeReportsPage')),
          },
          {
            path: 'office/reports/:id',
            ...page(() => import('./officer/oversight/OfficeReportPage')),
          },
          { path: 'exports', ...page(() => import('./officer/oversight/ExportsPage')) },
          { path: 'finance/payee-accounts', ...page(() => import('./finance/PayeeQueuePage')) },
          { path: 'finance/disbursements', ...page(() => import('./finance/DisbursementsPage')) },
          {
            path: 'finance/disbursements/:id',
            ...page(() => import('./finance/DisbursementPage')),
          },
          { path: 'finance/payment-runs', ...page(() => import('./finance/PaymentRunsPage')) },
          { path: 'finance/payment-runs/:id', ...page(() => import('./finance/PaymentRunPage')) },
          { path: 'finance/refunds', ...page(() => import('./finance/refunds/RefundsPage')) },
          { path: 'audit', ...page(() => import('./admin/AuditLogPage')) },
          { path: 'users', ...page(() => import('./admin/UsersPage')) },
          { path: 'api-keys', ...page(() => import('./admin/ApiKeysPage')) },
          { path: 'webhooks', ...page(() => import('./admin/WebhooksPage')) },
          { path: 'webhooks/:id', ...page(() => import('./admin/WebhookPage')) },
          { path: '*', ...page(() => import('./pages/NotFoundPage')) },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);
