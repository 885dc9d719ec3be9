import { ApartmentOutlined, AuditOutlined, BarChartOutlined, ClusterOutlined, OrderedListOutlined, DashboardOutlined, ProfileOutlined, SafetyCertificateOutlined, SafetyOutlined, ShopOutlined, TeamOutlined, LoginOutlined, ApiOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { isManager } from '../../api/auth';
import { ConsoleFrame } from '../../components/ConsoleFrame';

/** Frame of the manager console; only staff with the manager role get past it. */
export default function AdminLayout() {
  const { t } = useT();
  return (
    <ConsoleFrame
      prefix="admin"
      title={t('app.consoleName')}
      allowed={isManager}
      sections={() => [
        { key: 'items', to: '/admin/items', icon: <ProfileOutlined />, label: t('admin.nav.items') },
        { key: 'requests', to: '/admin/requests', icon: <AuditOutlined />, label: t('admin.nav.requests') },
        { key: 'joint', to: '/admin/joint', icon: <ClusterOutlined />, label: t('admin.nav.joint') },
        { key: 'licence-types', to: '/admin/licence-types', icon: <SafetyCertificateOutlined />, label: t('admin.nav.licenceTypes') },
        { key: 'seals', to: '/admin/seals', icon: <SafetyOutlined />, label: t('admin.nav.seals') },
        { key: 'sso', to: '/admin/sso', icon: <LoginOutlined />, label: t('admin.nav.sso') },
        { key: 'integrations', to: '/admin/integrations', icon: <ApiOutlined />, label: t('admin.nav.integrations') },
        { key: 'org', to: '/admin/org', icon: <ApartmentOutlined />, label: t('admin.nav.org') },
        { key: 'staff', to: '/admin/staff', icon: <TeamOutlined />, label: t('admin.nav.staff') },
        // The hall (issue 15): the queue and figures before setup, so '/admin/hall-queue' and '/admin/hall-figures' are not taken for '/admin/hall'.
        { key: 'hall-queue', to: '/admin/hall-queue', icon: <OrderedListOutlined />, label: t('admin.nav.hallQueue') },
        { key: 'hall-figures', to: '/admin/hall-figures', icon: <BarChartOutlined />, label: t('admin.nav.hallFigures') },
        { key: 'hall', to: '/admin/hall', icon: <ShopOutlined />, label: t('admin.nav.hall') },
        { key: 'supervision', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.title') },
      ]}
      selected={(path, sections) => sections.find((s) => s.key !== 'supervision' && path.startsWith(s.to))?.key ?? 'items'}
    />
  );
}
