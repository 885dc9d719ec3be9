import { Link, useParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Col, Grid, Row, Skeleton, Tag } from 'antd';
import { FormOutlined, PrinterOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { ContentView, SECTION_KEY, TEN_SECTIONS } from '../components/ContentView';
import { enumLabel } from '../components/labels';
import { NotFound } from '../components/StatusPages';
import { GuideInfo } from './GuideInfo';
import { BookmarkStar } from './Bookmarks';

export default function GuidePage() {
  const { id = '' } = useParams();
  const { t, pick, lang } = useT();
  const screens = Grid.useBreakpoint();
  const guide = useGet('/api/items/{id}/guide', { path: { id } });
  const g = guide.data;
  const name = g ? pick(g.version.content.name, g.version.content.nameEn) : '';
  useTitle(g ? `${name} - ${t('guide.title')}` : t('guide.title'));

  if (guide.error?.status === 404) return <NotFound />;

  return (
    <div className="ow-container" data-testid="guide-page">
      <Breadcrumb
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: <Link to="/items">{t('results.title')}</Link> },
          { title: t('guide.title') },
        ]}
      />
      <QueryError of={guide} style={{ marginTop: 12 }} />
      {!g ? (
        guide.isLoading ? <div className="ow-guide-head" style={{ marginTop: 12 }}><Skeleton active paragraph={{ rows: 8 }} /></div> : null
      ) : (
        <Row gutter={16} style={{ marginTop: 12 }}>
          {screens.lg ? (
            <Col lg={5} xl={4}>
              <nav className="ow-toc" aria-label={t('guide.tenItems')} data-testid="guide-toc">
                <div style={{ padding: '0 16px 8px', fontWeight: 600 }}>{t('guide.tenItems')}</div>
                {TEN_SECTIONS.map((s, i) => (
                  <a key={s} href={`#sec-${s}`}>{i + 1}. {t(SECTION_KEY[s])}</a>
                ))}
              </nav>
            </Col>
          ) : null}
          <Col xs={24} lg={19} xl={20}>
            <div className="ow-guide-head">
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', alignItems: 'flex-start', marginBottom: 12 }}>
                <div style={{ minWidth: 0, flex: '1 1 300px' }}>
                  <h1 data-testid="guide-title" lang={lang === 'en' && !g.version.content.nameEn ? 'zh-CN' : undefined}>{name}</h1>
                  {/* In English, one notice (issue 14): no English at all, only the name in English, or English texts beside the Chinese (issue 17: for reference, the Chinese authoritative). */}
                  {lang === 'en' && !englishBeyondName(g.version.content) ? (
                    <p className="ow-muted" data-testid="guide-no-english">{g.version.content.nameEn ? t('guide.chineseOnly') : t('guide.noEnglish')}</p>
                  ) : null}
                  {g.version.content.nameEn && (lang !== 'en' || englishBeyondName(g.version.content)) ? (
                    <p className="ow-muted" data-testid="guide-english-reference">{t('guide.englishReference')}</p>
                  ) : null}
                  <div style={{ marginBottom: 12 }}>
                    <Tag color="blue">{enumLabel(t, 'itemType', g.item.type)}</Tag>
                    <Tag color="purple">{enumLabel(t, 'mode', g.version.content.processingMode)}</Tag>
                    {g.version.content.online ? <Tag color="green">{t('results.onlineYes')}</Tag> : <Tag>{t('results.onlineNo')}</Tag>}
                    <Tag>{t('guide.promisedShort', { n: g.version.content.promisedLimitDays })}</Tag>
                  </div>
                </div>
                <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                  {g.version.content.online ? (
                    <Link to={`/apply/${encodeURIComponent(id)}`} data-testid="apply-button">
                      <Button type="primary" icon={<FormOutlined />}>{t('apply.button')}</Button>
                    </Link>
                  ) : null}
                  <BookmarkStar itemId={id} withText />
                  <Link to={`/items/${encodeURIComponent(id)}/print`} data-testid="guide-print-link">
                    <Button icon={<PrinterOutlined />}>{t('guide.print')}</Button>
                  </Link>
                </div>
              </div>
              <GuideInfo guide={g} />
              {/* Issue 16: the item needs a project awarded in this center, named in a field of the form. */}
              {g.tradingAward ? (
                <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="guide-trading-award" data-field={g.tradingAward.field}
                  title={t('tr.award.title')}
                  description={t('tr.award.guideNote', { label: pick(g.tradingAward.label, g.tradingAward.labelEn) })} />
              ) : null}
            </div>
            <h2 style={{ margin: '20px 0 0', fontSize: 18 }}>{t('guide.tenItems')}</h2>
            <ContentView content={g.version.content} files={g.files} materialsMode={screens.md === false ? 'cards' : 'table'} />
            {/* Issue 14: on a phone a long guide keeps "apply online" at the bottom of the screen (CSS shows it below 768 px only). */}
            {g.version.content.online ? (
              <div className="ow-sticky-apply" data-testid="sticky-apply">
                <Link to={`/apply/${encodeURIComponent(id)}`} data-testid="sticky-apply-button">
                  <Button type="primary" size="large" block icon={<FormOutlined />}>{t('apply.button')}</Button>
                </Link>
                <BookmarkStar itemId={id} testid="bookmark-star-sticky" />
              </div>
            ) : null}
          </Col>
        </Row>
      )}
    </div>
  );
}

/** Whether the item has English beyond its name: material or step names, conditions. */
function englishBeyondName(c: { materials?: Array<{ nameEn?: string | null }>; procedure?: Array<{ nameEn?: string | null }>; conditionsEn?: string[] | null }): boolean {
  return !!(c.materials?.some((m) => m.nameEn) || c.procedure?.some((s) => s.nameEn) || c.conditionsEn?.length);
}
