import { AccountBookOutlined, AuditOutlined, SafetyCertificateOutlined, SwapOutlined } from '@ant-design/icons';
import { BankOutlined, ClusterOutlined, DashboardOutlined, FormOutlined, InboxOutlined, NotificationOutlined, SettingOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { isManager, isWorkbenchUser } from '../../api/auth';
import { ConsoleFrame } from '../../components/ConsoleFrame';
import { FileSearchOutlined, PhoneOutlined } from '@ant-design/icons';

const isHotline = (user: { roles: string[] }) => user.roles.includes('hotline') || user.roles.includes('hotline_lead');
/** The disclosure office and its head (the manager) answer and publish; supervisors read the requests (docs/disclosure.md). */
const isDisclosureOffice = (user: { roles: string[] }) => user.roles.includes('disclosure') || user.roles.includes('manager');

/** Frame of the staff workbench (window, approver, chief); managers may open cases from here too. */
export default function WorkbenchLayout() {
  const { t } = useT();
  return (
    <ConsoleFrame
      prefix="wb"
      title={t('wb.title')}
      allowed={(user) => isWorkbenchUser(user) || isManager(user) || user.roles.includes('bank') || user.roles.includes('finance') || isHotline(user)
        // Officials who hold opening key shares (docs/trading.md, "Who holds the shares"): trading staff, and the supervising
        // department's approvers and chiefs (workbench users already); supervisors keep it for shares given before that rule.
        || user.roles.includes('supervisor') || user.roles.includes('trading')
        // Evaluation experts score on their own page (docs/trading.md, "Evaluation").
        || user.roles.includes('expert')
        // The draw operators of the expert draw (docs/experts.md).
        || user.roles.includes('draw_operator')
        // The disclosure office (政府信息公开工作机构, docs/disclosure.md).
        || user.roles.includes('disclosure')}
      forbiddenDesc={t('wb.forbidden')}
      caseLink={(id) => `/workbench/cases/${encodeURIComponent(id)}`}
      sections={(user) => [
        { key: 'inbox', to: '/workbench', icon: <InboxOutlined />, label: t('wb.nav.inbox'), show: isWorkbenchUser(user) || isManager(user) },
        { key: 'hotline', to: '/workbench/hotline', icon: <PhoneOutlined />, label: t('wo.nav.console'), show: isHotline(user) },
        {
          key: 'workorders', to: '/workbench/workorders', icon: <PhoneOutlined />, label: t('wo.nav.orders'),
          show: user.roles.includes('hotline_lead') || (user.departmentId !== null && (user.roles.includes('approver') || user.roles.includes('chief'))),
        },
        { key: 'hotline-config', to: '/workbench/hotline/config', icon: <PhoneOutlined />, label: t('wo.nav.config'), show: user.roles.includes('hotline_lead') || isManager(user) },
        { key: 'bank', to: '/workbench/bank', icon: <BankOutlined />, label: t('bank.title'), show: user.roles.includes('bank') },
        { key: 'counter', to: '/workbench/counter', icon: <FormOutlined />, label: t('wb.nav.counter'), show: user.roles.includes('window') },
        { key: 'queue', to: '/workbench/queue', icon: <FormOutlined />, label: t('queue.panel.title'), show: user.roles.includes('window') },
        { key: 'attendance', to: '/workbench/attendance', icon: <FormOutlined />, label: t('staffing.nav.mine'), show: user.roles.includes('window') },
        { key: 'staffing', to: '/workbench/staffing', icon: <FormOutlined />, label: t('staffing.nav'), show: isManager(user) || user.roles.includes('chief') },
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
        // 好差评: the department's rectification tasks; the managers' (appeals, tasks without a department).
        { key: 'rectifications', to: '/workbench/rectifications', icon: <AuditOutlined />, label: t('rt.wb.title'), show: ['approver', 'chief'].some((r) => user.roles.includes(r)) || isManager(user) },
        { key: 'evaluation', to: '/workbench/evaluation', icon: <AuditOutlined />, label: t('ev.nav.mine'), show: user.roles.includes('expert') },
        { key: 'tenders', to: '/workbench/tenders', icon: <AuditOutlined />, label: t(user.roles.includes('trading') ? 'tr.staff.nav' : 'tr.draw.nav'), show: ['trading', 'draw_operator'].some((r) => user.roles.includes(r)) },
        { key: 'evaluations', to: '/workbench/evaluations', icon: <AuditOutlined />, label: t('ev.nav.trading'), show: user.roles.includes('trading') },
        { key: 'tender-disputes', to: '/workbench/tender-disputes', icon: <AuditOutlined />, label: t('td.wb.title'), show: user.roles.includes('trading') || (user.departmentId !== null && (user.roles.includes('approver') || user.roles.includes('chief'))) },
        { key: 'disclosure', to: '/workbench/disclosure', icon: <FileSearchOutlined />, label: t('dis.desk.nav'), show: isDisclosureOffice(user) || user.roles.includes('supervisor') },
        { key: 'disclosure-publish', to: '/workbench/disclosure/publications', icon: <FileSearchOutlined />, label: t('dis.desk.navPublish'), show: isDisclosureOffice(user) },
        { key: 'key-shares', to: '/workbench/key-shares', icon: <AuditOutlined />, label: t('bids.officials.title'), show: ['supervisor', 'trading', 'manager'].some((r) => user.roles.includes(r)) },
        { key: 'supervision', to: '/supervision', icon: <DashboardOutlined />, label: t('sup.title'), show: isManager(user) || user.roles.includes('supervisor') },
        { key: 'admin', to: '/admin', icon: <SettingOutlined />, label: t('nav.admin'), show: isManager(user) },
      ].filter((s) => s.show)}
      selected={(path) => (path.startsWith('/workbench/disclosure/publications') ? 'disclosure-publish' : path.startsWith('/workbench/disclosure') ? 'disclosure' : path.startsWith('/workbench/hotline') ? 'hotline' : path.startsWith('/workbench/workorders') ? 'workorders' : path.startsWith('/workbench/finance') ? 'finance' : path.startsWith('/workbench/reconciliation') ? 'reconciliation' : path.startsWith('/workbench/bank') ? 'bank' : path.startsWith('/workbench/counter') ? 'counter' : path.startsWith('/workbench/notices') ? 'notices'
        : path.startsWith('/workbench/coordination') ? 'coordination' : path.startsWith('/workbench/handover') ? 'handover'
        : path.startsWith('/workbench/evaluations') || /^\/workbench\/tenders\/[^/]+\/evaluation/.test(path) ? 'evaluations' : path.startsWith('/workbench/tender-disputes') ? 'tender-disputes' : path.startsWith('/workbench/tenders') && !path.endsWith('/opening') ? 'tenders' : path.startsWith('/workbench/evaluation') ? 'evaluation'
        : path.startsWith('/workbench/licences') ? 'licences' : path.startsWith('/workbench/rectifications') ? 'rectifications' : 'inbox')}
    />
  );
}
