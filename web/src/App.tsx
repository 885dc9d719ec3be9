import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { LanguageProvider, useT } from './i18n';
import { AuthProvider } from './api/auth';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from './api/query';
import { PageLoading, NotFound } from './components/StatusPages';
import PortalLayout from './portal/PortalLayout';

// Each page is its own chunk: the first paint loads only the layout and the page it needs.
const HomePage = lazy(() => import('./portal/HomePage'));
const ItemsPage = lazy(() => import('./portal/ItemsPage'));
const GuidePage = lazy(() => import('./portal/GuidePage'));
const PrintPage = lazy(() => import('./portal/PrintPage'));
const LoginPage = lazy(() => import('./portal/LoginPage'));
const RegisterPage = lazy(() => import('./portal/RegisterPage'));
const ApplyPage = lazy(() => import('./portal/ApplyPage'));
const MyCasesPage = lazy(() => import('./portal/MyCasesPage'));
const MyCasePage = lazy(() => import('./portal/MyCasePage'));
const ProgressPage = lazy(() => import('./portal/ProgressPage'));
const LifeEventsPage = lazy(() => import('./portal/LifeEventsPage'));
const LifeEventPage = lazy(() => import('./portal/LifeEventPage'));
const WorkbenchLayout = lazy(() => import('./workbench/cases/WorkbenchLayout'));
const InboxPage = lazy(() => import('./workbench/cases/InboxPage'));
const WorkbenchCasePage = lazy(() => import('./workbench/cases/CasePage'));
const CounterPage = lazy(() => import('./workbench/cases/CounterPage'));
const AdminLayout = lazy(() => import('./workbench/manager/AdminLayout'));
const AdminItemsPage = lazy(() => import('./workbench/manager/ItemsListPage'));
const ItemCreatePage = lazy(() => import('./workbench/manager/ItemCreatePage'));
const ItemDetailPage = lazy(() => import('./workbench/manager/ItemDetailPage'));
const VersionViewPage = lazy(() => import('./workbench/manager/VersionViewPage'));
const RequestsPage = lazy(() => import('./workbench/manager/RequestsPage'));
const OrgPage = lazy(() => import('./workbench/manager/OrgPage'));
const StaffPage = lazy(() => import('./workbench/manager/StaffPage'));
const WorkbenchNoticesPage = lazy(() => import('./workbench/cases/NoticesPage'));
const CoordinationPage = lazy(() => import('./workbench/cases/CoordinationPage'));
const JointMattersPage = lazy(() => import('./workbench/manager/JointMattersPage'));
const JointMatterEditPage = lazy(() => import('./workbench/manager/JointMatterEditPage'));
// Supervision center: ECharts is imported only by these chunks.
const SupervisionLayout = lazy(() => import('./supervision/SupervisionLayout'));
const BoardPage = lazy(() => import('./supervision/BoardPage'));
const SupCasesPage = lazy(() => import('./supervision/CasesPage'));
const SupDepartmentPage = lazy(() => import('./supervision/CasesPage').then((m) => ({ default: m.DepartmentPage })));
const SupCasePage = lazy(() => import('./supervision/SupCasePage'));
const SupNoticesPage = lazy(() => import('./supervision/QueuesPage').then((m) => ({ default: m.NoticesPage })));
const SupFindingsPage = lazy(() => import('./supervision/QueuesPage').then((m) => ({ default: m.FindingsPage })));
const PerformancePage = lazy(() => import('./supervision/PerformancePage'));
const AuditPage = lazy(() => import('./supervision/AuditPage'));
const HallPage = lazy(() => import('./hall/HallPage'));
const HallChooser = lazy(() => import('./hall/HallPage').then((m) => ({ default: m.HallChooser })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

function ThemedApp({ children }: { children: ReactNode }) {
  const { lang } = useT();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1657b5', borderRadius: 6 } }}
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
                <Route path="*" element={<NotFound />} />
              </Route>
              <Route path="/workbench" element={<Lazy><WorkbenchLayout /></Lazy>}>
                <Route index element={<Lazy><InboxPage /></Lazy>} />
                <Route path="cases/:id" element={<Lazy><WorkbenchCasePage /></Lazy>} />
                <Route path="counter" element={<Lazy><CounterPage /></Lazy>} />
                <Route path="notices" element={<Lazy><WorkbenchNoticesPage /></Lazy>} />
                <Route path="coordination" element={<Lazy><CoordinationPage /></Lazy>} />
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
                <Route path="audit" element={<Lazy><AuditPage /></Lazy>} />
                <Route path="*" element={<NotFound />} />
              </Route>
              <Route path="/hall" element={<Lazy><HallChooser /></Lazy>} />
              <Route path="/hall/:centerId" element={<Lazy><HallPage /></Lazy>} />
              <Route element={<PortalLayout />}>
                <Route index element={<Lazy><HomePage /></Lazy>} />
                <Route path="items" element={<Lazy><ItemsPage /></Lazy>} />
                <Route path="items/:id" element={<Lazy><GuidePage /></Lazy>} />
                <Route path="login" element={<Lazy><LoginPage /></Lazy>} />
                <Route path="register" element={<Lazy><RegisterPage /></Lazy>} />
                <Route path="apply/:itemId" element={<Lazy><ApplyPage /></Lazy>} />
                <Route path="my/cases" element={<Lazy><MyCasesPage /></Lazy>} />
                <Route path="my/cases/:id" element={<Lazy><MyCasePage /></Lazy>} />
                <Route path="progress" element={<Lazy><ProgressPage /></Lazy>} />
                <Route path="life-events" element={<Lazy><LifeEventsPage /></Lazy>} />
                <Route path="life-events/:centerId/:key" element={<Lazy><LifeEventPage /></Lazy>} />
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
