import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Col, Row, Select, Skeleton } from 'antd';
import { useT } from '../i18n';
import { withQuery } from '../api/client';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/EmptyBlock';
import { themeIcon } from '../components/themeIcons';
import { SearchBox } from './SearchBox';
import { storeCenter, storedCenter } from './centers';
import { JointMatterCards } from './JointMatterCards';
import { HomeServices } from './HomeServices';
import { HomeBrowse } from './HomeBrowse';

export default function HomePage() {
  const { t, pick } = useT();
  useTitle(null);
  const navigate = useNavigate();
  const [centerId, setCenterId] = useState(storedCenter);
  const facets = useGet('/api/catalog/facets', { query: { centerId } });
  const f = facets.data;
  const link = (q: Record<string, string>) => withQuery('/items', { ...q, centerId });

  const chooseCenter = (id: string) => {
    storeCenter(id);
    setCenterId(id);
  };

  return (
    <div data-testid="home-page">
      <section className="ow-hero">
        <div className="ow-container">
          <h1>{t('home.heroTitle')}</h1>
          <p>{t('home.heroSubtitle')}</p>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
            <span>{t('home.center')}:</span>
            <Select
              value={centerId}
              onChange={chooseCenter}
              style={{ minWidth: 160 }}
              data-testid="center-select"
              aria-label={t('home.center')}
              popupMatchSelectWidth={false}
              options={[
                { value: '', label: t('home.centerAll') },
                ...(f?.centers ?? []).map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) })),
              ]}
            />
          </div>
          <div className="ow-search">
            <SearchBox onSearch={(q) => navigate(link(q ? { q } : {}))} />
          </div>
        </div>
      </section>

      <div className="ow-container">
        <QueryError of={facets} style={{ marginTop: 16 }} />
        <HomeServices centerId={centerId} />

        <HomeBrowse facets={f} loading={facets.isLoading} centerId={centerId} link={link} />

        <div className="ow-block" data-testid="joint-matters-block">
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' }}>
            <h2 className="ow-block-title">{t('joint.homeTitle')}</h2>
            <Link to="/life-events" data-testid="joint-matters-all">{t('joint.homeMore')}</Link>
          </div>
          <JointMatterCards centerId={centerId} limit={6} />
        </div>

        <div className="ow-block" data-testid="life-events-block">
          <h2 className="ow-block-title">{t('home.lifeEventsTitle')}</h2>
          {facets.isLoading && !f ? <Skeleton active /> : (f?.lifeEvents.length ?? 0) === 0 ? (
            <EmptyBlock text={t('home.noFacets')} />
          ) : (
            <Row gutter={[12, 12]}>
              {f!.lifeEvents.map((ev) => (
                <Col key={ev.key} xs={12} sm={8} md={6} lg={4}>
                  <Link to={link({ lifeEvent: ev.key })} className="ow-tile" data-testid="browse-life-event" data-key={ev.key}>
                    <span className="ow-tile-icon">{themeIcon(ev.key)}</span>
                    <span className="ow-tile-name">{pick(ev.zh, ev.en)}</span>
                    <span className="ow-tile-count">{t('home.itemsCount', { n: ev.count })}</span>
                  </Link>
                </Col>
              ))}
            </Row>
          )}
        </div>
      </div>
    </div>
  );
}
