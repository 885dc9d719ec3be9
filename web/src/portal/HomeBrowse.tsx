import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Col, Row, Skeleton, Tabs } from 'antd';
import { ApartmentOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import type { ResponseOf } from '../api/client';
import { EmptyBlock } from '../components/EmptyBlock';
import { themeIcon } from '../components/themeIcons';

type Facets = ResponseOf<'/api/catalog/facets'>;
type Browse = 'department' | 'object' | 'theme';

/** Departments shown before "all departments": forty tiles would push the rest of a phone's home far down. */
const FIRST_DEPARTMENTS = 12;

/** The two audiences of the "by person · enterprise" tab, each a card in its own colour. */
const AUDIENCES = [
  { key: 'person', icon: <UserOutlined className="ow-audience-icon" />, background: 'linear-gradient(135deg,#1657b5,#1677ff)' },
  { key: 'enterprise', icon: <ShopOutlined className="ow-audience-icon" />, background: 'linear-gradient(135deg,#ad2102,#d4380d)' },
] as const;

/**
 * The home page's "browse services" block (issue 14): one set of real tabs (antd Tabs: role tab,
 * aria-selected, arrow keys) — by department, by service object (个人·法人) and by theme. The
 * department and theme tabs show how many entries they hold; every entry shows how many services
 * it opens (the catalog's facets), and opens the filtered service list (/items?departmentId= | audience= | theme=).
 * Every pane is rendered (hidden ones with display:none) so the entries are in the page for
 * search engines and links stay addressable.
 */
export function HomeBrowse({ facets, loading, centerId, link }: {
  facets: Facets | undefined;
  loading: boolean;
  centerId: string;
  link: (q: Record<string, string>) => string;
}) {
  const { t, pick } = useT();
  const [tab, setTab] = useState<Browse>('department');
  const [allDepartments, setAllDepartments] = useState(false);
  const f = facets;
  const departments = (f?.departments ?? []).filter((d) => !centerId || d.centerId === centerId);
  const themes = f?.themes ?? [];
  const label = (text: string, n: number | undefined) => (
    <span>{text}{n === undefined ? null : <span className="ow-tab-count"> {n}</span>}</span>
  );
  const empty = (n: number) => (loading && !f ? <Skeleton active /> : n === 0 ? <EmptyBlock text={t('home.noFacets')} /> : null);

  const departmentPane = (
    <div data-testid="departments-block">
      {empty(departments.length) ?? (
        <Row gutter={[12, 12]}>
          {(allDepartments ? departments : departments.slice(0, FIRST_DEPARTMENTS)).map((d) => (
            <Col key={d.id} xs={24} sm={12} md={8} lg={6}>
              <Link to={link({ departmentId: d.id })} className="ow-dept-tile" data-testid="browse-department" data-id={d.id}>
                <span><ApartmentOutlined style={{ color: '#1657b5', marginRight: 6 }} />{pick(d.name, d.nameEn)}</span>
                <span className="ow-tile-count">{t('home.itemsCount', { n: d.count })}</span>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      {departments.length > FIRST_DEPARTMENTS ? (
        <Button type="link" style={{ marginTop: 8, paddingInline: 0 }} aria-expanded={allDepartments} data-testid="browse-departments-all"
          onClick={() => setAllDepartments((x) => !x)}>
          {allDepartments ? t('home.browseFewer') : t('home.browseAllDepartments', { n: departments.length })}
        </Button>
      ) : null}
    </div>
  );

  const objectPane = (
    <Row gutter={[16, 16]} data-testid="audience-block">
      {AUDIENCES.map(({ key, icon, background }) => (
        <Col key={key} xs={24} md={12}>
          <Link to={link({ audience: key })} className="ow-audience-card" data-testid={`browse-${key}`} style={{ background }}>
            {icon}
            <div>
              <h3>{t(`home.${key}Title`)}</h3>
              <p>{t(`home.${key}Desc`)}</p>
              {f ? <p data-testid={`count-${key}`}>{t('home.itemsCount', { n: f.audiences[key] })}</p> : null}
            </div>
          </Link>
        </Col>
      ))}
    </Row>
  );

  const themePane = (
    <div data-testid="themes-block">
      {empty(themes.length) ?? (
        <Row gutter={[12, 12]}>
          {themes.map((th) => (
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
  );

  return (
    <section className="ow-block" data-testid="browse-block" aria-labelledby="home-browse-title">
      <h2 className="ow-block-title" id="home-browse-title">{t('home.browseTitle')}</h2>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Browse)}
        data-testid="browse-tabs"
        items={[
          { key: 'department', label: label(t('home.browseDepartment'), f ? departments.length : undefined), children: departmentPane, forceRender: true },
          { key: 'object', label: label(t('home.browseObject'), undefined), children: objectPane, forceRender: true },
          { key: 'theme', label: label(t('home.browseTheme'), f ? themes.length : undefined), children: themePane, forceRender: true },
        ]}
      />
    </section>
  );
}
