import { useState, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Grid, Layout, Menu } from 'antd';
import { HomeOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useAuth } from '../api/auth';
import type { User } from '../api/models';
import { LanguageSwitch } from './LanguageSwitch';
import { ElderToggle } from './a11y/ElderMode';
import { MAIN_ID, SkipLink } from './a11y/SkipLink';
import { NotificationBell } from './NotificationBell';
import { Forbidden, PageLoading } from './StatusPages';

export interface ConsoleSection {
  key: string;
  to: string;
  icon: ReactNode;
  label: string;
}

/**
 * The frame every staff face shares (workbench, supervision center, manager console): sign-in and
 * role gate, header with the bell, language, user and sign-out, the menu as a sider on desktop and
 * a drawer on a phone. Test ids take the face's prefix (`wb-`, `sup-`, `admin-`).
 */
export function ConsoleFrame(props: {
  prefix: 'wb' | 'sup' | 'admin';
  title: string;
  titleIcon?: ReactNode;
  allowed: (user: User) => boolean;
  forbiddenDesc?: string;
  sections: (user: User) => ConsoleSection[];
  selected: (pathname: string, sections: ConsoleSection[]) => string;
  caseLink?: (id: string) => string;
}) {
  const { t } = useT();
  const { user, loading, logout } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.lg === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { prefix } = props;

  if (loading) return <PageLoading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!props.allowed(user)) {
    return (
      <div style={{ minHeight: '100vh', background: '#fff' }}>
        <div style={{ padding: 8, display: 'flex', justifyContent: 'flex-end' }}><LanguageSwitch /></div>
        <Forbidden desc={props.forbiddenDesc} />
      </div>
    );
  }

  const sections = props.sections(user);
  const menu = (
    <Menu
      mode="inline"
      theme={isPhone ? 'light' : 'dark'}
      selectedKeys={[props.selected(location.pathname, sections)]}
      onClick={() => setDrawerOpen(false)}
      items={sections.map((s) => ({ key: s.key, icon: s.icon, label: <Link to={s.to} data-testid={`${prefix}-nav-${s.key}`}>{s.label}</Link> }))}
    />
  );
  const doLogout = async () => {
    await logout().catch(() => undefined);
    message.success(t('auth.loggedOut'));
    navigate('/');
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid={`${prefix}-layout`}>
      <SkipLink />
      <header className="ow-console-header">
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
          {isPhone ? <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} data-testid={`${prefix}-menu-button`} /> : null}
          {props.titleIcon}
          <h1 className="ow-console-title">{props.title}</h1>
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 4, flex: 'none' }}>
          {props.caseLink ? <NotificationBell caseLink={props.caseLink} /> : null}
          <ElderToggle dark />
          <LanguageSwitch dark />
          {!isPhone ? <span style={{ margin: '0 8px' }} data-testid="user-name">{user.name}</span> : null}
          <Link to="/" data-testid={`${prefix}-portal-link`}>
            <Button type="text" icon={<HomeOutlined />} aria-label={t('admin.backToPortal')}>{isPhone ? null : t('admin.backToPortal')}</Button>
          </Link>
          <Button type="text" icon={<LogoutOutlined />} onClick={doLogout} data-testid="logout" aria-label={t('nav.logout')}>
            {isPhone ? null : t('nav.logout')}
          </Button>
        </div>
      </header>
      <Layout>
        {!isPhone ? (
          <Layout.Sider width={208} data-testid={`${prefix}-sider`}>{menu}</Layout.Sider>
        ) : (
          <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={240} title={props.title}>
            {menu}
          </Drawer>
        )}
        <Layout.Content className="ow-console-content" id={MAIN_ID} tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
