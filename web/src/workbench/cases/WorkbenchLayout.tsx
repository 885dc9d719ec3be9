import { AccountBookOutlined, AuditOutlined, SafetyCertificateOutlined, SwapOutlined } from '@ant-design/icons';
import { BankOutlined, ClusterOutlined, DashboardOutlined, FormOutlined, InboxOutlined, NotificationOutlined, SettingOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { isManager, isWorkbenchUser } from '../../api/auth';
import { ConsoleFrame } from '../../components/ConsoleFrame';

/** Frame of the staff workbench (window, approver, chief); managers may open cases from here too. */
export default function WorkbenchLayout() {
  const { t } = useT();
  return (
    <ConsoleFrame
      prefix="wb"
      title={t('wb.title')}
      allowed={(user) => isWorkbenchUser(user) || isManager(user) || user.roles.includes('bank') || user.roles.includes('finance')}
      forbiddenDesc={t('wb.forbidden')}
      caseLink={(id) => `/workbench/cases/${encodeURIComponent(id)}`}
      sections={(user) => [
        { key: 'inbox', to: '/workbench', icon: <InboxOutlined />, label: t('wb.nav.inbox'), show: isWorkbenchUser(user) || isManager(user) },
        { key: 'bank', to: '/workbench/bank', icon: <BankOutlined />, label: t('bank.title'), show: user.roles.includes('bank') },
        { key: 'counter', to: '/workbench/counter', icon: <FormOutlined />, label: t('wb.nav.counter'), show: user.roles.includes('window') },
        { key: 'queue', to: '/workbench/queue', icon: <FormOutlined />, label: t('queue.panel.title'), show: user.roles.includes('window') },
        {
          key: 'coordination', to: '/workbench/coordination', icon: <ClusterOutlined />, label: t('wb.nav.coordination'),
          show: user.roles.includes('approver') || user.roles.includes('chief'),
        },
        {
          key: 'handover', to: '/workbench/handover', icon: <SwapOutlined />, label: t('wb.nav.handover'),
          show: ['approver', 'chief', 'window'].some((r) => user.roles.includes(r)),
        },
        {
          key: 'licences', to: '/workbench/licences', icon: <SafetyCertificateOutlined />, label: t('wb.nav.licences'),
          show: user.departmentId !== null && (user.roles.includes('approver') || user.roles.includes('chief')),
        },
        { key: 'finance', to: '/workbench/finance', icon: <AccountBookOutlined />, label: t('wb.nav.finance'), show: user.roles.includes('finance') },
        { key: 'reconciliation', to: '/workbench/reconciliation', icon: <AuditOutlined />, label: t('wb.nav.reconciliation'), show: user.roles.includes('finance') },
        { key: 'notices', to: '/workbench/notices', icon: <NotificationOutlined />, label: t('wb.nav.notices'), show: user.roles.includes('chief') },
        { key: 'supervision', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.title'), show: isManager(user) || user.roles.includes('supervisor') },
        { key: 'admin', to: '/admin', icon: <SettingOutlined />, label: t('nav.admin'), show: isManager(user) },
      ].filter((s) => s.show)}
      selected={(path) => (path.startsWith('/workbench/finance') ? 'finance' : path.startsWith('/workbench/reconciliation') ? 'reconciliation' : path.startsWith('/workbench/bank') ? 'bank' : path.startsWith('/workbench/counter') ? 'counter' : path.startsWith('/workbench/notices') ? 'notices'
        : path.startsWith('/workbench/coordination') ? 'coordination' : path.startsWith('/workbench/handover') ? 'handover'
        : path.startsWith('/workbench/licences') ? 'licences' : 'inbox')}
    />
  );
}
