import { ApartmentOutlined, AuditOutlined, ClusterOutlined, DashboardOutlined, ProfileOutlined, SafetyCertificateOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons';
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
        { key: 'org', to: '/admin/org', icon: <ApartmentOutlined />, label: t('admin.nav.org') },
        { key: 'staff', to: '/admin/staff', icon: <TeamOutlined />, label: t('admin.nav.staff') },
        { key: 'supervision', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.title') },
      ]}
      selected={(path, sections) => sections.find((s) => s.key !== 'supervision' && path.startsWith(s.to))?.key ?? 'items'}
    />
  );
}
