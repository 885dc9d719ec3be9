import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Grid, Layout, Menu } from 'antd';
import {
  AlertOutlined, BarChartOutlined, DashboardOutlined, FileSearchOutlined, HomeOutlined, LogoutOutlined, MenuOutlined,
  NotificationOutlined, SafetyCertificateOutlined, SettingOutlined, WarningOutlined,
} from '@ant-design/icons';
import { useT } from '../i18n';
import { isManager, useAuth } from '../api/auth';
import type { User } from '../api/types';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from '../components/NotificationBell';
import { Forbidden, PageLoading } from '../components/StatusPages';

export function isSupervisionUser(user: User | null | undefined): boolean {
  return !!user && user.kind === 'staff' && (user.roles.includes('supervisor') || user.roles.includes('manager'));
}

export const supCaseLink = (id: string) => `/supervision/cases/${encodeURIComponent(id)}`;

/** Frame of the supervision center (电子监察): supervisors and managers of a center. */
export default function SupervisionLayout() {
  const { t } = useT();
  const { user, loading, logout } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.lg === false;
  const [drawerOpen, setDrawerOpen] = useState(false);

  if (loading) return <PageLoading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!isSupervisionUser(user)) {
    return (
      <div style={{ minHeight: '100vh', background: '#fff' }}>
        <div style={{ padding: 8, display: 'flex', justifyContent: 'flex-end' }}><LanguageSwitch /></div>
        <Forbidden desc={t('sup.forbidden')} />
      </div>
    );
  }

  const sections = [
    { key: 'board', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.nav.board') },
    { key: 'cases', to: '/supervision/cases?light=red', icon: <WarningOutlined />, label: t('sup.nav.cases') },
    { key: 'notices', to: '/supervision/notices', icon: <NotificationOutlined />, label: t('sup.nav.notices') },
    { key: 'findings', to: '/supervision/findings', icon: <AlertOutlined />, label: t('sup.nav.findings') },
    { key: 'performance', to: '/supervision/performance', icon: <BarChartOutlined />, label: t('sup.nav.performance') },
    { key: 'audit', to: '/supervision/audit', icon: <SafetyCertificateOutlined />, label: t('sup.nav.audit') },
    ...(isManager(user) ? [{ key: 'admin', to: '/admin', icon: <SettingOutlined />, label: t('nav.admin') }] : []),
  ];
  const seg = location.pathname.split('/')[2] ?? '';
  const selected = seg === '' ? 'board' : seg;
  const menu = (
    <Menu
      mode="inline"
      theme={isPhone ? 'light' : 'dark'}
      selectedKeys={[selected]}
      onClick={() => setDrawerOpen(false)}
      items={sections.map((s) => ({ key: s.key, icon: s.icon, label: <Link to={s.to} data-testid={`sup-nav-${s.key}`}>{s.label}</Link> }))}
    />
  );

  const doLogout = async () => {
    await logout().catch(() => undefined);
    message.success(t('auth.loggedOut'));
    navigate('/');
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="sup-layout">
      <header className="ow-console-header">
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
          {isPhone ? <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} data-testid="sup-menu-button" /> : null}
          <FileSearchOutlined />
          <span className="ow-console-title">{t('sup.title')}</span>
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 4, flex: 'none' }}>
          <NotificationBell caseLink={supCaseLink} />
          <LanguageSwitch dark />
          {!isPhone ? <span style={{ margin: '0 8px' }} data-testid="user-name">{user.name}</span> : null}
          <Link to="/" data-testid="sup-portal-link">
            <Button type="text" icon={<HomeOutlined />} aria-label={t('admin.backToPortal')}>{isPhone ? null : t('admin.backToPortal')}</Button>
          </Link>
          <Button type="text" icon={<LogoutOutlined />} onClick={doLogout} data-testid="logout" aria-label={t('nav.logout')}>
            {isPhone ? null : t('nav.logout')}
          </Button>
        </div>
      </header>
      <Layout>
        {!isPhone ? (
          <Layout.Sider width={208} data-testid="sup-sider">{menu}</Layout.Sider>
        ) : (
          <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={240} title={t('sup.title')}>
            {menu}
          </Drawer>
        )}
        <Layout.Content className="ow-console-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
