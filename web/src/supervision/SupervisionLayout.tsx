import {
  AlertOutlined, ApartmentOutlined, PartitionOutlined, BarChartOutlined, DashboardOutlined, FileSearchOutlined, NotificationOutlined, SafetyCertificateOutlined,
  SettingOutlined, WarningOutlined,
} from '@ant-design/icons';
import { useT } from '../i18n';
import { isManager } from '../api/auth';
import type { User } from '../api/models';
import { ConsoleFrame } from '../components/ConsoleFrame';

export function isSupervisionUser(user: User | null | undefined): boolean {
  return !!user && user.kind === 'staff' && (user.roles.includes('supervisor') || user.roles.includes('manager'));
}

export const supCaseLink = (id: string) => `/supervision/cases/${encodeURIComponent(id)}`;

/** Frame of the supervision center (电子监察): supervisors and managers of a center. */
export default function SupervisionLayout() {
  const { t } = useT();
  return (
    <ConsoleFrame
      prefix="sup"
      title={t('sup.title')}
      titleIcon={<FileSearchOutlined />}
      allowed={isSupervisionUser}
      forbiddenDesc={t('sup.forbidden')}
      caseLink={supCaseLink}
      sections={(user) => [
        { key: 'board', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.nav.board') },
        { key: 'cases', to: '/supervision/cases?light=red', icon: <WarningOutlined />, label: t('sup.nav.cases') },
        { key: 'notices', to: '/supervision/notices', icon: <NotificationOutlined />, label: t('sup.nav.notices') },
        { key: 'findings', to: '/supervision/findings', icon: <AlertOutlined />, label: t('sup.nav.findings') },
        { key: 'performance', to: '/supervision/performance', icon: <BarChartOutlined />, label: t('sup.nav.performance') },
        { key: 'ratings', to: '/supervision/ratings', icon: <BarChartOutlined />, label: t('rt.fig.title') },
        { key: 'audit', to: '/supervision/audit', icon: <SafetyCertificateOutlined />, label: t('sup.nav.audit') },
        // Issue 17: the network below this center, level by level, and which centers implement which basic items.
        { key: 'network', to: '/supervision/network', icon: <ApartmentOutlined />, label: t('net.nav') },
        { key: 'network-items', to: '/supervision/network-items', icon: <PartitionOutlined />, label: t('net.items.nav') },
        ...(isManager(user) ? [{ key: 'admin', to: '/admin', icon: <SettingOutlined />, label: t('nav.admin') }] : []),
      ]}
      selected={(path) => path.split('/')[2] || 'board'}
    />
  );
}
