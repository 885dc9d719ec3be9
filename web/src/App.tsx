import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { LanguageProvider, useT, withFace, type Face } from './i18n';
import { AuthProvider } from './api/auth';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from './api/query';
import { PageLoading, NotFound } from './components/StatusPages';
import PortalLayout from './portal/PortalLayout';
import { matchesPattern, type LandingPattern } from './landing';
import { ElderSync, useElderMode } from './components/a11y/ElderMode';
import { themeTokens } from './components/a11y/theme';

/**
 * Each page is its own chunk: the first paint loads only the layout and the page it needs, and a page
 * shows once its face's texts (i18n/dictionaries.ts) are loaded too. The opening page's chunks and
 * texts are started earlier still, by the entry (landing.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own constraint
function page<T extends ComponentType<any>>(face: Face, load: () => Promise<{ default: T }>) {
  let loaded: T | undefined;
  let loading: Promise<{ default: T }> | undefined;
  const preload = () => (loading ??= withFace(face, load)().then((m) => { loaded = m.default; return m; }));
  const Lazy = lazy(preload);
  // A page already loaded (the opening one: preloadLanding below) renders at once. Through lazy() it
  // would suspend once even so, and React shows the fallback first and holds the page back for its
  // Suspense throttle (~300 ms). Chosen once per mount, so a later re-render never remounts the page.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any page's props
  function Page(props: any) {
    const [Shown] = useState<ComponentType<any>>(() => loaded ?? Lazy); // eslint-disable-line @typescript-eslint/no-explicit-any
    return <Shown {...props} />;
  }
  return Object.assign(Page as unknown as T, { preload });
}

const HomePage = page('portal', () => import('./portal/HomePage'));
const ItemsPage = page('portal', () => import('./portal/ItemsPage'));
const GuidePage = page('portal', () => import('./portal/GuidePage'));
const PrintPage = page('portal', () => import('./portal/PrintPage'));
const LoginPage = page('portal', () => import('./portal/LoginPage'));
const RegisterPage = page('portal', () => import('./portal/RegisterPage'));
const ApplyPage = page('portal', () => import('./portal/ApplyPage'));
const MyCasesPage = page('portal', () => import('./portal/MyCasesPage'));
const MyCasePage = page('portal', () => import('./portal/MyCasePage'));
const MyLicencesPage = page('portal', () => import('./portal/MyLicencesPage'));
const MyMessagesPage = page('portal', () => import('./portal/MyMessagesPage'));
const MyLicencePage = page('portal', () => import('./portal/MyLicencePage'));
const LicenceSharePage = page('portal', () => import('./portal/LicenceSharePage'));
const ProgressPage = page('portal', () => import('./portal/ProgressPage'));
const VerifyPage = page('portal', () => import('./portal/VerifyPage'));
const LifeEventsPage = page('portal', () => import('./portal/LifeEventsPage'));
const LifeEventPage = page('portal', () => import('./portal/LifeEventPage'));
const SiteMapPage = page('portal', () => import('./portal/SiteMapPage'));
const PrivacyPage = page('portal', () => import('./portal/PrivacyPage'));
const ExposurePage = page('portal', () => import('./portal/ExposurePage'));
const WorkbenchLayout = page('workbench', () => import('./workbench/cases/WorkbenchLayout'));
const InboxPage = page('workbench', () => import('./workbench/cases/InboxPage'));
const WorkbenchCasePage = page('workbench', () => import('./workbench/cases/CasePage'));
const CounterPage = page('workbench', () => import('./workbench/cases/CounterPage'));
const AdminLayout = page('admin', () => import('./workbench/manager/AdminLayout'));
const AdminItemsPage = page('admin', () => import('./workbench/manager/ItemsListPage'));
const ItemCreatePage = page('admin', () => import('./workbench/manager/ItemCreatePage'));
const ItemDetailPage = page('admin', () => import('./workbench/manager/ItemDetailPage'));
const VersionViewPage = page('admin', () => import('./workbench/manager/VersionViewPage'));
const RequestsPage = page('admin', () => import('./workbench/manager/RequestsPage'));
const OrgPage = page('admin', () => import('./workbench/manager/OrgPage'));
const LicenceTypesPage = page('admin', () => import('./workbench/manager/LicenceTypesPage'));
const SealsPage = page('admin', () => import('./workbench/manager/SealsPage'));
const SsoClientsPage = page('admin', () => import('./workbench/manager/SsoClientsPage'));
const IntegrationsPage = page('admin', () => import('./workbench/manager/IntegrationsPage'));
const LicencesPage = page('workbench', () => import('./workbench/licences/LicencesPage'));
const StaffPage = page('admin', () => import('./workbench/manager/StaffPage'));
const HallConfigPage = page('admin', () => import('./workbench/manager/HallConfigPage'));
const HallFiguresPage = page('admin', () => import('./workbench/manager/HallFiguresPage'));
const HallQueuePage = page('admin', () => import('./workbench/manager/HallQueuePage'));
const WorkbenchNoticesPage = page('workbench', () => import('./workbench/cases/NoticesPage'));
const CoordinationPage = page('workbench', () => import('./workbench/cases/CoordinationPage'));
const HandoverPage = page('workbench', () => import('./workbench/cases/HandoverPage'));
const BankWindowPage = page('workbench', () => import('./workbench/BankWindowPage'));
// 12345 work orders (issue 13, docs/hotline.md).
const HotlineConsolePage = page('workbench', () => import('./workbench/hotline/HotlineConsolePage'));
const WorkOrdersPage = page('workbench', () => import('./workbench/hotline/WorkOrdersPage'));
const HotlineConfigPage = page('workbench', () => import('./workbench/hotline/HotlineConfigPage'));
// The disclosure office's desk (issue 17, docs/disclosure.md): requests on the legal clock, publishing.
const DisclosureRequestsPage = page('workbench', () => import('./workbench/disclosure/DisclosureRequestsPage'));
const DisclosureRequestPage = page('workbench', () => import('./workbench/disclosure/DisclosureRequestPage'));
const DisclosurePublicationsPage = page('workbench', () => import('./workbench/disclosure/DisclosurePublicationsPage'));
const KeySharesPage = page('workbench', () => import('./workbench/bids/KeySharesPage'));
const TenderDisputesPage = page('workbench', () => import('./trading-disputes/DisputesPage'));
const OpeningPage = page('workbench', () => import('./workbench/bids/OpeningPage'));
// Evaluation (评标, docs/trading.md "Evaluation"): the expert's sheets, the trading center's summary.
const MyEvaluationsPage = page('workbench', () => import('./workbench/evaluation/ScoringPage'));
const ScoreSheetPage = page('workbench', () => import('./workbench/evaluation/ScoringPage').then((m) => ({ default: m.ScoreSheetPage })));
const EvaluationsPage = page('workbench', () => import('./workbench/evaluation/EvaluationSummaryPage'));
const EvaluationSummaryPage = page('workbench', () => import('./workbench/evaluation/EvaluationSummaryPage').then((m) => ({ default: m.EvaluationSummaryPage })));
// The trading center's tender pages and the draw operators' expert draw (docs/trading.md "Staff pages").
const StaffTendersPage = page('workbench', () => import('./workbench/trading/TendersPage'));
const TenderConsolePage = page('workbench', () => import('./workbench/trading/TendersPage').then((m) => ({ default: m.TenderConsolePage })));
const ExpertDrawPage = page('workbench', () => import('./workbench/trading/TendersPage').then((m) => ({ default: m.ExpertDrawPage })));
const BidPage = page('portal', () => import('./portal/bids/BidPage'));
const WorkOrderPage = page('workbench', () => import('./workbench/hotline/WorkOrderPage'));
const MyAppealsPage = page('portal', () => import('./portal/MyAppealsPage'));
const DisclosurePage = page('portal', () => import('./portal/DisclosurePage'));
const MyAppealPage = page('portal', () => import('./portal/MyAppealPage'));
// Public resource trading (issue 16, docs/trading.md).
const TradingNoticesPage = page('portal', () => import('./portal/TradingNoticesPage'));
const TradingNoticePage = page('portal', () => import('./portal/TradingNoticePage'));
const ReconciliationPage = page('workbench', () => import('./workbench/finance/ReconciliationPage'));
const FinanceListsPage = page('workbench', () => import('./workbench/finance/FinanceListsPage'));
const JointMattersPage = page('admin', () => import('./workbench/manager/JointMattersPage'));
const JointMatterEditPage = page('admin', () => import('./workbench/manager/JointMatterEditPage'));
// Supervision center: ECharts is imported only by these chunks.
const SupervisionLayout = page('supervision', () => import('./supervision/SupervisionLayout'));
const BoardPage = page('supervision', () => import('./supervision/BoardPage'));
const SupCasesPage = page('supervision', () => import('./supervision/CasesPage'));
const SupDepartmentPage = page('supervision', () => import('./supervision/CasesPage').then((m) => ({ default: m.DepartmentPage })));
const SupCasePage = page('supervision', () => import('./supervision/SupCasePage'));
const SupNoticesPage = page('supervision', () => import('./supervision/QueuesPage').then((m) => ({ default: m.NoticesPage })));
const SupFindingsPage = page('supervision', () => import('./supervision/QueuesPage').then((m) => ({ default: m.FindingsPage })));
const PerformancePage = page('supervision', () => import('./supervision/PerformancePage'));
const AuditPage = page('supervision', () => import('./supervision/AuditPage'));
const NetworkPage = page('supervision', () => import('./supervision/NetworkPage'));
const NetworkCenterPage = page('supervision', () => import('./supervision/NetworkPage').then((m) => ({ default: m.NetworkCenterPage })));
const ImplementationsPage = page('supervision', () => import('./supervision/ImplementationsPage'));
const HallPage = page('hall', () => import('./hall/HallPage'));
const HallChooser = page('hall', () => import('./hall/HallPage').then((m) => ({ default: m.HallChooser })));
// The hall's queue (issue 15): the kiosk and the display are faces of the hall; the panel is the workbench's.
const KioskPage = page('hall', () => import('./queue/KioskPage'));
const QueueDisplayPage = page('hall', () => import('./queue/DisplayPage'));
const WindowPanelPage = page('workbench', () => import('./workbench/queue/WindowPanelPage'));
const StaffingPage = page('workbench', () => import('./workbench/staffing/StaffingPage'));
const MyAttendancePage = page('workbench', () => import('./workbench/staffing/MyAttendancePage'));
const MyHallPage = page('portal', () => import('./portal/MyHallPage'));
const RatingPage = page('portal', () => import('./portal/RatingPage'));
// 扫码评价: the page a slip's QR code opens on the visitor's phone (no sign-in, no portal frame).
const RateSlipPage = page('portal', () => import('./portal/RateSlipPage'));
const RectificationsPage = page('workbench', () => import('./workbench/ratings/RectificationsPage'));
const RatingFiguresPage = page('supervision', () => import('./supervision/RatingFiguresPage'));

/**
 * The pages an address opens with (the addresses of landing.ts: tsc fails when the two lists differ).
 * Their chunks and texts were started by the entry (landing.ts);
 * `preload` here only records each page once it is in, so the first render shows it without a fallback.
 */
const LANDING: Record<LandingPattern, Array<{ preload: () => Promise<unknown> }>> = {
  '/': [HomePage], '/items': [ItemsPage], '/items/:id': [GuidePage], '/login': [LoginPage], '/progress': [ProgressPage],
  '/my/cases': [MyCasesPage], '/my/cases/:id': [MyCasePage], '/life-events': [LifeEventsPage],
  '/workbench': [WorkbenchLayout, InboxPage], '/workbench/cases/:id': [WorkbenchLayout, WorkbenchCasePage],
  '/supervision': [SupervisionLayout, BoardPage], '/admin/items': [AdminLayout, AdminItemsPage],
  '/hall': [HallChooser], '/hall/:centerId': [HallPage],
};

export function preloadLanding(pathname: string): void {
  for (const [pattern, pages] of Object.entries(LANDING)) if (matchesPattern(pattern, pathname)) for (const p of pages) p.preload().catch(() => {}); // the route shows the error when it renders
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

function ThemedApp({ children }: { children: ReactNode }) {
  const { lang } = useT();
  const elder = useElderMode();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: themeTokens(elder) }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

// One cache of server state for the whole app (web/src/api/query.ts; docs/architecture.md "Web data layer").
const queryClient = createQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
    <LanguageProvider>
      <ThemedApp>
        <AuthProvider>
          <ElderSync />
          <BrowserRouter>
            <Routes>
              <Route path="/items/:id/print" element={<Lazy><PrintPage /></Lazy>} />
              <Route path="/admin" element={<Lazy><AdminLayout /></Lazy>}>
                <Route index element={<Navigate to="/admin/items" replace />} />
                <Route path="items" element={<Lazy><AdminItemsPage /></Lazy>} />
                <Route path="items/new" element={<Lazy><ItemCreatePage /></Lazy>} />
                <Route path="items/:id" element={<Lazy><ItemDetailPage /></Lazy>} />
                <Route path="items/:id/versions/:version" element={<Lazy><VersionViewPage /></Lazy>} />
                <Route path="requests" element={<Lazy><RequestsPage /></Lazy>} />
                <Route path="org" element={<Lazy><OrgPage /></Lazy>} />
                <Route path="staff" element={<Lazy><StaffPage /></Lazy>} />
                <Route path="joint" element={<Lazy><JointMattersPage /></Lazy>} />
                <Route path="joint/:id" element={<Lazy><JointMatterEditPage /></Lazy>} />
                <Route path="licence-types" element={<Lazy><LicenceTypesPage /></Lazy>} />
                <Route path="seals" element={<Lazy><SealsPage /></Lazy>} />
                <Route path="sso" element={<Lazy><SsoClientsPage /></Lazy>} />
                <Route path="integrations" element={<Lazy><IntegrationsPage /></Lazy>} />
                <Route path="hall" element={<Lazy><HallConfigPage /></Lazy>} />
                <Route path="hall-figures" element={<Lazy><HallFiguresPage /></Lazy>} />
                <Route path="hall-queue" element={<Lazy><HallQueuePage /></Lazy>} />
                <Route path="*" element={<NotFound />} />
              </Route>
              <Route path="/workbench" element={<Lazy><WorkbenchLayout /></Lazy>}>
                <Route index element={<Lazy><InboxPage /></Lazy>} />
                <Route path="cases/:id" element={<Lazy><WorkbenchCasePage /></Lazy>} />
                <Route path="counter" element={<Lazy><CounterPage /></Lazy>} />
                <Route path="notices" element={<Lazy><WorkbenchNoticesPage /></Lazy>} />
                <Route path="coordination" element={<Lazy><CoordinationPage /></Lazy>} />
                <Route path="handover" element={<Lazy><HandoverPage /></Lazy>} />
                <Route path="queue" element={<Lazy><WindowPanelPage /></Lazy>} />
                <Route path="rectifications" element={<Lazy><RectificationsPage /></Lazy>} />
                <Route path="rectifications/:id" element={<Lazy><RectificationsPage /></Lazy>} />
                <Route path="staffing" element={<Lazy><StaffingPage /></Lazy>} />
                <Route path="attendance" element={<Lazy><MyAttendancePage /></Lazy>} />
                <Route path="licences" element={<Lazy><LicencesPage /></Lazy>} />
                <Route path="bank" element={<Lazy><BankWindowPage /></Lazy>} />
                <Route path="hotline" element={<Lazy><HotlineConsolePage /></Lazy>} />
                <Route path="hotline/config" element={<Lazy><HotlineConfigPage /></Lazy>} />
                <Route path="workorders" element={<Lazy><WorkOrdersPage /></Lazy>} />
                <Route path="disclosure" element={<Lazy><DisclosureRequestsPage /></Lazy>} />
                <Route path="disclosure/requests/:id" element={<Lazy><DisclosureRequestPage /></Lazy>} />
                <Route path="disclosure/publications" element={<Lazy><DisclosurePublicationsPage /></Lazy>} />
                <Route path="key-shares" element={<Lazy><KeySharesPage /></Lazy>} />
                <Route path="tender-disputes" element={<Lazy><TenderDisputesPage /></Lazy>} />
                <Route path="tenders/:id/opening" element={<Lazy><OpeningPage /></Lazy>} />
                <Route path="tenders" element={<Lazy><StaffTendersPage /></Lazy>} />
                <Route path="tenders/:id" element={<Lazy><TenderConsolePage /></Lazy>} />
                <Route path="tenders/:id/draw" element={<Lazy><ExpertDrawPage /></Lazy>} />
                <Route path="evaluation" element={<Lazy><MyEvaluationsPage /></Lazy>} />
                <Route path="evaluation/:tenderId" element={<Lazy><ScoreSheetPage /></Lazy>} />
                <Route path="evaluations" element={<Lazy><EvaluationsPage /></Lazy>} />
                <Route path="tenders/:id/evaluation" element={<Lazy><EvaluationSummaryPage /></Lazy>} />
                <Route path="workorders/:id" element={<Lazy><WorkOrderPage /></Lazy>} />
                <Route path="reconciliation" element={<Lazy><ReconciliationPage /></Lazy>} />
                <Route path="finance" element={<Lazy><FinanceListsPage /></Lazy>} />
                <Route path="*" element={<NotFound />} />
              </Route>
              <Route path="/supervision" element={<Lazy><SupervisionLayout /></Lazy>}>
                <Route index element={<Lazy><BoardPage /></Lazy>} />
                <Route path="cases" element={<Lazy><SupCasesPage /></Lazy>} />
                <Route path="cases/:id" element={<Lazy><SupCasePage /></Lazy>} />
                <Route path="departments/:id" element={<Lazy><SupDepartmentPage /></Lazy>} />
                <Route path="notices" element={<Lazy><SupNoticesPage /></Lazy>} />
                <Route path="findings" element={<Lazy><SupFindingsPage /></Lazy>} />
                <Route path="performance" element={<Lazy><PerformancePage /></Lazy>} />
                <Route path="ratings" element={<Lazy><RatingFiguresPage /></Lazy>} />
                <Route path="audit" element={<Lazy><AuditPage /></Lazy>} />
                <Route path="network" element={<Lazy><NetworkPage /></Lazy>} />
                <Route path="network/centers/:id" element={<Lazy><NetworkCenterPage /></Lazy>} />
                <Route path="network-items" element={<Lazy><ImplementationsPage /></Lazy>} />
                <Route path="*" element={<NotFound />} />
              </Route>
              <Route path="/hall" element={<Lazy><HallChooser /></Lazy>} />
              <Route path="/hall/:centerId" element={<Lazy><HallPage /></Lazy>} />
              <Route path="/queue/kiosk" element={<Lazy><KioskPage /></Lazy>} />
              <Route path="/queue/display/:centerId" element={<Lazy><QueueDisplayPage /></Lazy>} />
              <Route path="/rate/:token" element={<Lazy><RateSlipPage /></Lazy>} />
              <Route element={<PortalLayout />}>
                <Route index element={<Lazy><HomePage /></Lazy>} />
                <Route path="items" element={<Lazy><ItemsPage /></Lazy>} />
                <Route path="items/:id" element={<Lazy><GuidePage /></Lazy>} />
                <Route path="login" element={<Lazy><LoginPage /></Lazy>} />
                <Route path="register" element={<Lazy><RegisterPage /></Lazy>} />
                <Route path="apply/:itemId" element={<Lazy><ApplyPage /></Lazy>} />
                <Route path="my/cases" element={<Lazy><MyCasesPage /></Lazy>} />
                <Route path="bids/:tenderId" element={<Lazy><BidPage /></Lazy>} />
                <Route path="my/cases/:id" element={<Lazy><MyCasePage /></Lazy>} />
                <Route path="my/hall" element={<Lazy><MyHallPage /></Lazy>} />
                <Route path="my/ratings/:caseId/:stage" element={<Lazy><RatingPage /></Lazy>} />
                <Route path="my/appeals" element={<Lazy><MyAppealsPage /></Lazy>} />
                <Route path="disclosure" element={<Lazy><DisclosurePage /></Lazy>} />
                <Route path="my/appeals/:id" element={<Lazy><MyAppealPage /></Lazy>} />
                <Route path="trading" element={<Lazy><TradingNoticesPage /></Lazy>} />
                <Route path="trading/tenders/:id" element={<Lazy><TradingNoticePage /></Lazy>} />
                <Route path="my/licences" element={<Lazy><MyLicencesPage /></Lazy>} />
                <Route path="my/messages" element={<Lazy><MyMessagesPage /></Lazy>} />
                <Route path="my/licences/:id" element={<Lazy><MyLicencePage /></Lazy>} />
                <Route path="licence-share/:token" element={<Lazy><LicenceSharePage /></Lazy>} />
                <Route path="progress" element={<Lazy><ProgressPage /></Lazy>} />
                <Route path="verify" element={<Lazy><VerifyPage /></Lazy>} />
                <Route path="verify/:verificationId" element={<Lazy><VerifyPage /></Lazy>} />
                <Route path="life-events" element={<Lazy><LifeEventsPage /></Lazy>} />
                <Route path="life-events/:centerId/:key" element={<Lazy><LifeEventPage /></Lazy>} />
                <Route path="sitemap" element={<Lazy><SiteMapPage /></Lazy>} />
                <Route path="privacy" element={<Lazy><PrivacyPage /></Lazy>} />
                <Route path="exposure" element={<Lazy><ExposurePage /></Lazy>} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </ThemedApp>
    </LanguageProvider>
    </QueryClientProvider>
  );
}
