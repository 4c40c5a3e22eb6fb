import {
  Anchor,
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  SegmentedControl,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { session } from '../auth/session';
import { useMe } from '../auth/useSession';
import { type Language, setLanguage } from '../i18n';
import { PageLoader } from './States';

const link = (to: string, label: string) => ({ to, label: `nav.${label}` });
const FINANCE = [
  link('/finance/payee-accounts', 'payeeVerification'),
  link('/finance/disbursements', 'disbursements'),
  link('/finance/payment-runs', 'paymentRuns'),
  { to: '/finance/refunds', label: 'settlement:nav' },
];

/** The pages each role has in its navigation. */
export const NAV: Record<string, { to: string; label: string }[]> = {
  city_user: [
    { to: '/partnerships', label: 'nav.partnerships' },
    { to: '/applications', label: 'nav.applications' },
    { to: '/awards', label: 'nav.awards' },
    { to: '/payee-accounts', label: 'nav.payees' },
  ],
  reviewer: [{ to: '/assignments', label: 'nav.assignments' }],
  program_officer: [
    link('/rounds', 'rounds'),
    link('/office/applications', 'officeApplications'),
    link('/office/reports', 'grantReports'),
    link('/exports', 'exports'),
    { to: '/finance/refunds', label: 'settlement:nav' },
  ],
  finance_officer: FINANCE,
  finance_approver: FINANCE,
  auditor: [link('/audit', 'audit')],
  admin: [
    link('/users', 'users'),
    link('/api-keys', 'apiKeys'),
    link('/webhooks', 'webhooks'),
    link('/audit', 'audit'),
  ],
};

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language')}
      value={i18n.language}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'en', label: 'EN' },
        { value: 'ja', label: '日本語' },
      ]}
    />
  );
}

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const links = NAV[me.data?.role ?? ''] ?? [];

  const logout = async () => {
    await session.logout();
    queries.clear();
    await navigate('/login');
  };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h4">
              <Anchor component={Link} to="/" c="inherit" underline="never">
                {t('appName')}
              </Anchor>
            </Title>
          </Group>
          <Group wrap="nowrap">
            <LanguageSwitch />
            {me.data && (
              <Text size="sm" visibleFrom="sm">
                {t('signedInAs', { name: me.data.displayName })} · {t(`roles.${me.data.role}`)}
              </Text>
            )}
            <Button variant="subtle" size="xs" onClick={() => void logout()}>
              {t('logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={t(link.label)}
            active={location.pathname.startsWith(link.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main">{me.isPending ? <PageLoader /> : <Outlet />}</AppShell.Main>
    </AppShell>
  );
}
