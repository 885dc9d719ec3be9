import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Grid, Layout, Menu } from 'antd';
import { ApartmentOutlined, AuditOutlined, HomeOutlined, LogoutOutlined, MenuOutlined, ProfileOutlined, TeamOutlined, DashboardOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { isManager, useAuth } from '../../api/auth';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Forbidden, PageLoading } from '../../components/StatusPages';

/** Frame of the manager console; only staff with the manager role get past it. */
export default function AdminLayout() {
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
  if (!isManager(user)) {
    return (
      <div style={{ minHeight: '100vh', background: '#fff' }}>
        <div style={{ padding: 8, display: 'flex', justifyContent: 'flex-end' }}><LanguageSwitch /></div>
        <Forbidden />
      </div>
    );
  }

  const sections = [
    { key: 'items', icon: <ProfileOutlined />, label: t('admin.nav.items') },
    { key: 'requests', icon: <AuditOutlined />, label: t('admin.nav.requests') },
    { key: 'org', icon: <ApartmentOutlined />, label: t('admin.nav.org') },
    { key: 'staff', icon: <TeamOutlined />, label: t('admin.nav.staff') },
  ];
  const selected = sections.find((s) => location.pathname.startsWith(`/admin/${s.key}`))?.key ?? 'items';
  const menu = (
    <Menu
      mode="inline"
      theme={isPhone ? 'light' : 'dark'}
      selectedKeys={[selected]}
      onClick={() => setDrawerOpen(false)}
      items={[
        ...sections.map((s) => ({
          key: s.key,
          icon: s.icon,
          label: <Link to={`/admin/${s.key}`} data-testid={`admin-nav-${s.key}`}>{s.label}</Link>,
        })),
        { key: 'supervision', icon: <DashboardOutlined />, label: <Link to="/supervision" data-testid="admin-nav-supervision">{t('sup.title')}</Link> },
      ]}
    />
  );

  const doLogout = async () => {
    await logout().catch(() => undefined);
    message.success(t('auth.loggedOut'));
    navigate('/');
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="admin-layout">
      <header className="ow-console-header">
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
          {isPhone ? (
            <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} data-testid="admin-menu-button" />
          ) : null}
          <span className="ow-console-title">{t('app.consoleName')}</span>
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 4, flex: 'none' }}>
          <LanguageSwitch dark />
          {!isPhone ? <span style={{ margin: '0 8px' }} data-testid="user-name">{user.name}</span> : null}
          <Link to="/" data-testid="admin-portal-link">
            <Button type="text" icon={<HomeOutlined />} aria-label={t('admin.backToPortal')}>{isPhone ? null : t('admin.backToPortal')}</Button>
          </Link>
          <Button type="text" icon={<LogoutOutlined />} onClick={doLogout} data-testid="logout" aria-label={t('nav.logout')}>
            {isPhone ? null : t('nav.logout')}
          </Button>
        </div>
      </header>
      <Layout>
        {!isPhone ? (
          <Layout.Sider width={208} data-testid="admin-sider">{menu}</Layout.Sider>
        ) : (
          <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={240} title={t('app.consoleName')}>
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
