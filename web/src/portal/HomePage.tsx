import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Col, Row, Select, Skeleton } from 'antd';
import { ApartmentOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
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

  const departments = (f?.departments ?? []).filter((d) => !centerId || d.centerId === centerId);

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

        <div className="ow-block">
          <h2 className="ow-block-title">{t('home.audienceTitle')}</h2>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <Link to={link({ audience: 'person' })} className="ow-audience-card" data-testid="browse-person"
                style={{ background: 'linear-gradient(135deg,#1677ff,#4096ff)' }}>
                <UserOutlined className="ow-audience-icon" />
                <div>
                  <h3>{t('home.personTitle')}</h3>
                  <p>{t('home.personDesc')}</p>
                  {f ? <p data-testid="count-person">{t('home.itemsCount', { n: f.audiences.person })}</p> : null}
                </div>
              </Link>
            </Col>
            <Col xs={24} md={12}>
              <Link to={link({ audience: 'enterprise' })} className="ow-audience-card" data-testid="browse-enterprise"
                style={{ background: 'linear-gradient(135deg,#d4380d,#fa8c16)' }}>
                <ShopOutlined className="ow-audience-icon" />
                <div>
                  <h3>{t('home.enterpriseTitle')}</h3>
                  <p>{t('home.enterpriseDesc')}</p>
                  {f ? <p data-testid="count-enterprise">{t('home.itemsCount', { n: f.audiences.enterprise })}</p> : null}
                </div>
              </Link>
            </Col>
          </Row>
        </div>

        <div className="ow-block" data-testid="joint-matters-block">
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' }}>
            <h2 className="ow-block-title">{t('joint.homeTitle')}</h2>
            <Link to="/life-events" data-testid="joint-matters-all">{t('joint.homeMore')}</Link>
          </div>
          <JointMatterCards centerId={centerId} limit={6} />
        </div>

        <div className="ow-block" data-testid="themes-block">
          <h2 className="ow-block-title">{t('home.themesTitle')}</h2>
          {facets.isLoading && !f ? <Skeleton active /> : (f?.themes.length ?? 0) === 0 ? (
            <EmptyBlock text={t('home.noFacets')} />
          ) : (
            <Row gutter={[12, 12]}>
              {f!.themes.map((th) => (
                <Col key={th.key} xs={8} sm={6} md={4} lg={3}>
                  <Link to={link({ theme: th.key })} className="ow-tile" data-testid="browse-theme" data-key={th.key}>
                    <span className="ow-tile-icon">{themeIcon(th.key)}</span>
                    <span className="ow-tile-name">{pick(th.zh, th.en)}</span>
                    <span className="ow-tile-count">{t('home.itemsCount', { n: th.count })}</span>
                  </Link>
                </Col>
              ))}
            </Row>
          )}
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

        <div className="ow-block" data-testid="departments-block">
          <h2 className="ow-block-title">{t('home.departmentsTitle')}</h2>
          {facets.isLoading && !f ? <Skeleton active /> : departments.length === 0 ? (
            <EmptyBlock text={t('home.noFacets')} />
          ) : (
            <Row gutter={[12, 12]}>
              {departments.map((d) => (
                <Col key={d.id} xs={24} sm={12} md={8} lg={6}>
                  <Link to={link({ departmentId: d.id })} className="ow-dept-tile" data-testid="browse-department" data-id={d.id}>
                    <span><ApartmentOutlined style={{ color: '#1657b5', marginRight: 6 }} />{pick(d.name, d.nameEn)}</span>
                    <span className="ow-tile-count">{d.count}</span>
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
