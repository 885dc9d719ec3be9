import { useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Drawer, Dropdown, Grid } from 'antd';
import { BankOutlined, DesktopOutlined, DownOutlined, LoginOutlined, LogoutOutlined, MenuOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { isApplicant, isManager, isWorkbenchUser, useAuth } from '../api/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MessageBell } from './MessageBell';
import { ElderToggle, useElderMode } from '../components/a11y/ElderMode';
import { MAIN_ID, SkipLink } from '../components/a11y/SkipLink';
import { SiteFooter } from './SiteFooter';

export default function PortalLayout() {
  const { t } = useT();
  const { user, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const elder = useElderMode();

  const doLogout = async () => {
    setDrawerOpen(false);
    await logout().catch(() => undefined);
    message.success(t('auth.loggedOut'));
    navigate('/');
  };

  const search = new URLSearchParams(location.search);
  const onItems = location.pathname === '/items';
  const audience = onItems ? search.get('audience') : null;
  const allLinks = [
    { to: '/', label: t('nav.home'), testid: 'nav-home', active: location.pathname === '/' },
    { to: '/items', label: t('nav.catalog'), testid: 'nav-catalog', active: onItems && !audience },
    { to: '/items?audience=person', label: t('nav.person'), testid: 'nav-person', active: audience === 'person' },
    { to: '/items?audience=enterprise', label: t('nav.enterprise'), testid: 'nav-enterprise', active: audience === 'enterprise' },
    { to: '/life-events', label: t('nav.lifeEvents'), testid: 'nav-life-events', active: location.pathname.startsWith('/life-events') },
    { to: '/progress', label: t('nav.progress'), testid: 'nav-progress', active: location.pathname === '/progress' },
    { to: '/verify', label: t('nav.verify'), testid: 'nav-verify', active: location.pathname.startsWith('/verify') },
    { to: '/trading', label: t('tr.nav'), testid: 'nav-trading', active: location.pathname.startsWith('/trading') },
    { to: '/disclosure', label: t('dis.title'), testid: 'nav-disclosure', active: location.pathname.startsWith('/disclosure') },
    ...(!user || isApplicant(user)
      ? [{ to: '/my/cases', label: t('nav.myCases'), testid: 'nav-my-cases', active: location.pathname.startsWith('/my/cases') },
        { to: '/my/licences', label: t('nav.myLicences'), testid: 'nav-my-licences', active: location.pathname.startsWith('/my/licences') }]
      : []),
    ...(!user || isApplicant(user)
      ? [{ to: '/my/hall', label: t('queue.my.nav'), testid: 'nav-my-hall', active: location.pathname.startsWith('/my/hall') },
        { to: '/my/appeals', label: t('wo.my.nav'), testid: 'nav-my-appeals', active: location.pathname.startsWith('/my/appeals') }]
      : []),
  ];

  // The elder-friendly mode keeps the few places most people go (simpler navigation).
  const SIMPLE = ['nav-home', 'nav-catalog', 'nav-life-events', 'nav-progress', 'nav-my-cases'];
  const links = elder ? allLinks.filter((l) => SIMPLE.includes(l.testid)) : allLinks;

  const userMenu = user ? (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          ...(isManager(user)
            ? [{ key: 'admin', icon: <SettingOutlined />, label: <Link to="/admin" data-testid="nav-admin">{t('nav.admin')}</Link> }]
            : []),
          ...(isWorkbenchUser(user)
            ? [{ key: 'workbench', icon: <DesktopOutlined />, label: <Link to="/workbench" data-testid="nav-workbench">{t('nav.workbench')}</Link> }]
            : []),
          { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('nav.logout')}</span>, onClick: doLogout },
        ],
      }}
    >
      <Button type="text" data-testid="user-menu" style={{ color: '#fff' }} icon={<UserOutlined />}>
        <span data-testid="user-name">{user.name}</span> <DownOutlined />
      </Button>
    </Dropdown>
  ) : (
    <>
      <Link to="/login" data-testid="nav-login"><Button type="text" size="small" icon={<LoginOutlined />} style={{ color: '#fff' }}>{t('nav.login')}</Button></Link>
      <Link to="/register" data-testid="nav-register"><Button size="small" ghost>{t('nav.register')}</Button></Link>
    </>
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', minHeight: '100vh' }}>
      <SkipLink />
      {!isPhone && !elder ? (
        <div className="ow-topbar">
          <div className="ow-container">
            <span>{t('app.topbar')}</span>
            <span>{t('app.tagline')}</span>
          </div>
        </div>
      ) : null}
      <header className="ow-header">
        <div className="ow-container">
          <Link to="/" className="ow-brand" data-testid="brand">
            <span className="ow-brand-emblem"><BankOutlined /></span>
            <span style={{ minWidth: 0 }}>
              <div className="ow-brand-name" data-testid="site-name">{t('app.siteName')}</div>
              {!isPhone ? <div className="ow-brand-sub">{t('app.siteSub')}</div> : null}
            </span>
          </Link>
          <div className="ow-header-actions">
            <ElderToggle dark />
            <LanguageSwitch dark />
            {user && isApplicant(user) ? <MessageBell /> : null}
            {isPhone ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                style={{ color: '#fff' }}
                onClick={() => setDrawerOpen(true)}
                aria-label={t('nav.menu')}
                data-testid="nav-menu-button"
              />
            ) : (
              userMenu
            )}
          </div>
        </div>
      </header>
      {!isPhone ? (
        <nav className="ow-nav" data-testid="portal-nav">
          <div className="ow-container">
            {links.map((l) => (
              <NavLink key={l.testid} to={l.to} className={() => (l.active ? 'active' : '')} data-testid={l.testid} end>
                {l.label}
              </NavLink>
            ))}
          </div>
        </nav>
      ) : null}
      <Drawer
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        title={t('nav.menu')}
        placement="right"
        size={280}
        data-testid="nav-drawer"
      >
        <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          {links.map((l) => (
            <Link key={l.testid} to={l.to} data-testid={l.testid} onClick={() => setDrawerOpen(false)} style={{ padding: '10px 4px', fontSize: 16 }}>
              {l.label}
            </Link>
          ))}
          <div style={{ borderTop: '1px solid #eee', margin: '8px 0' }} />
          {user ? (
            <>
              <div style={{ padding: '6px 4px', color: 'rgba(0,0,0,.6)' }} data-testid="user-menu">
                <UserOutlined /> <span data-testid="user-name">{user.name}</span>
              </div>
              {isManager(user) ? (
                <Link to="/admin" data-testid="nav-admin" onClick={() => setDrawerOpen(false)} style={{ padding: '10px 4px', fontSize: 16 }}>
                  {t('nav.admin')}
                </Link>
              ) : null}
              {isWorkbenchUser(user) ? (
                <Link to="/workbench" data-testid="nav-workbench" onClick={() => setDrawerOpen(false)} style={{ padding: '10px 4px', fontSize: 16 }}>
                  {t('nav.workbench')}
                </Link>
              ) : null}
              <Button block onClick={doLogout} data-testid="logout" icon={<LogoutOutlined />}>{t('nav.logout')}</Button>
            </>
          ) : (
            <>
              <Link to="/login" data-testid="nav-login" onClick={() => setDrawerOpen(false)}>
                <Button block type="primary" style={{ marginBottom: 8 }}>{t('nav.login')}</Button>
              </Link>
              <Link to="/register" data-testid="nav-register" onClick={() => setDrawerOpen(false)}>
                <Button block>{t('nav.register')}</Button>
              </Link>
            </>
          )}
        </div>
      </Drawer>
      <main className="ow-main" style={{ flex: 1 }} id={MAIN_ID} tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </div>
  );
}
