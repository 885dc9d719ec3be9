import { Link, useParams } from 'react-router-dom';
import { Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { ContentView } from '../components/ContentView';
import { formatDateTime } from '../components/labels';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { GuideInfo } from './GuideInfo';

/** Print-friendly guide: no navigation, black on white, the materials always as a table. */
export default function PrintPage() {
  const { id = '' } = useParams();
  const { t, pick } = useT();
  const guide = useGet('/api/items/{id}/guide', { path: { id } });
  const g = guide.data;
  const name = g ? pick(g.version.content.name, g.version.content.nameEn) : '';
  useTitle(g ? `${name} - ${t('print.title')}` : t('print.title'));

  return (
    <div style={{ background: '#fff', minHeight: '100vh' }} data-testid="print-view">
      <div className="ow-print-toolbar ow-no-print">
        <Link to={`/items/${encodeURIComponent(id)}`} data-testid="print-back"><Button icon={<ArrowLeftOutlined />}>{t('print.back')}</Button></Link>
        <LanguageSwitch />
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button" disabled={!g}>
          {t('print.button')}
        </Button>
      </div>
      <div className="ow-print">
        <QueryError of={guide} />
        {!g ? (guide.isLoading ? <Skeleton active paragraph={{ rows: 12 }} /> : null) : (
          <>
            <div style={{ textAlign: 'center', borderBottom: '2px solid #000', paddingBottom: 8, marginBottom: 16 }}>
              <div style={{ fontSize: 14 }}>{t('app.siteName')} · {t('print.title')}</div>
              <h1 style={{ fontSize: 22, margin: '8px 0 0' }} data-testid="guide-title">{name}</h1>
            </div>
            <GuideInfo guide={g} bordered column={{ xs: 1, sm: 2 }} />
            <h2 style={{ fontSize: 17, margin: '16px 0 4px' }}>{t('guide.tenItems')}</h2>
            <ContentView content={g.version.content} files={g.files} materialsMode="table" />
            <p className="ow-muted" style={{ marginTop: 16 }}>{t('print.printedAt', { at: formatDateTime(new Date().toISOString()) })}</p>
          </>
        )}
      </div>
    </div>
  );
}
