import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Grid, Layout, Menu } from 'antd';
import { DashboardOutlined, FormOutlined, HomeOutlined, InboxOutlined, LogoutOutlined, MenuOutlined, NotificationOutlined, SettingOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { isManager, isWorkbenchUser, useAuth } from '../../api/auth';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Forbidden, PageLoading } from '../../components/StatusPages';
import { NotificationBell } from '../../components/NotificationBell';

/** Frame of the staff workbench (window, approver, chief); managers may open cases from here too. */
export default function WorkbenchLayout() {
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
  if (!isWorkbenchUser(user) && !isManager(user)) {
    return (
      <div style={{ minHeight: '100vh', background: '#fff' }}>
        <div style={{ padding: 8, display: 'flex', justifyContent: 'flex-end' }}><LanguageSwitch /></div>
        <Forbidden desc={t('wb.forbidden')} />
      </div>
    );
  }

  const sections = [
    { key: 'inbox', to: '/workbench', icon: <InboxOutlined />, label: t('wb.nav.inbox'), show: true },
    { key: 'counter', to: '/workbench/counter', icon: <FormOutlined />, label: t('wb.nav.counter'), show: user.roles.includes('window') },
    { key: 'notices', to: '/workbench/notices', icon: <NotificationOutlined />, label: t('wb.nav.notices'), show: user.roles.includes('chief') },
    { key: 'supervision', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.title'), show: isManager(user) || user.roles.includes('supervisor') },
    { key: 'admin', to: '/admin', icon: <SettingOutlined />, label: t('nav.admin'), show: isManager(user) },
  ].filter((s) => s.show);
  const selected = location.pathname.startsWith('/workbench/counter') ? 'counter' : location.pathname.startsWith('/workbench/notices') ? 'notices' : 'inbox';
  const menu = (
    <Menu
      mode="inline"
      theme={isPhone ? 'light' : 'dark'}
      selectedKeys={[selected]}
      onClick={() => setDrawerOpen(false)}
      items={sections.map((s) => ({
        key: s.key,
        icon: s.icon,
        label: <Link to={s.to} data-testid={`wb-nav-${s.key}`}>{s.label}</Link>,
      }))}
    />
  );

  const doLogout = async () => {
    await logout().catch(() => undefined);
    message.success(t('auth.loggedOut'));
    navigate('/');
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="wb-layout">
      <header className="ow-console-header">
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
          {isPhone ? (
            <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} data-testid="wb-menu-button" />
          ) : null}
          <span className="ow-console-title">{t('wb.title')}</span>
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 4, flex: 'none' }}>
          <NotificationBell caseLink={(id) => `/workbench/cases/${encodeURIComponent(id)}`} />
          <LanguageSwitch dark />
          {!isPhone ? <span style={{ margin: '0 8px' }} data-testid="user-name">{user.name}</span> : null}
          <Link to="/" data-testid="wb-portal-link">
            <Button type="text" icon={<HomeOutlined />} aria-label={t('admin.backToPortal')}>{isPhone ? null : t('admin.backToPortal')}</Button>
          </Link>
          <Button type="text" icon={<LogoutOutlined />} onClick={doLogout} data-testid="logout" aria-label={t('nav.logout')}>
            {isPhone ? null : t('nav.logout')}
          </Button>
        </div>
      </header>
      <Layout>
        {!isPhone ? (
          <Layout.Sider width={208} data-testid="wb-sider">{menu}</Layout.Sider>
        ) : (
          <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={240} title={t('wb.title')}>
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
