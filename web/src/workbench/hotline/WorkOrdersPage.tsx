import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { useTitle } from '../../components/useTitle';
import { WorkOrdersList } from './WorkOrdersList';

/** The work orders of a department (dispatched to it) or, for the hotline lead, the returned ones awaiting decision. */
export default function WorkOrdersPage() {
  const { t } = useT();
  const { user } = useAuth();
  useTitle(t('wo.nav.orders'));
  return (
    <div data-testid="workorders-page">
      <h2>{t('wo.nav.orders')}</h2>
      <WorkOrdersList disputes={!!user?.roles.includes('hotline_lead')} />
    </div>
  );
}
