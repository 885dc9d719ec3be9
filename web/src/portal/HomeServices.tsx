import { Col, Row, Skeleton } from 'antd';
import { FireOutlined, HistoryOutlined, StarOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useAuth } from '../api/auth';
import { useGet } from '../api/query';
import { EmptyBlock } from '../components/EmptyBlock';
import { ServiceList } from './Bookmarks';

/**
 * The home page's services (issue 14): popular services (热门服务) from the real case counts of the
 * chosen center (all centers when none is chosen), and for a signed-in applicant their own frequent
 * services and bookmarks (收藏).
 */
export function HomeServices({ centerId }: { centerId: string }) {
  const { t } = useT();
  const { user } = useAuth();
  const applicant = !!user && user.kind !== 'staff';
  const popular = useGet('/api/portal/popular', { query: { ...(centerId ? { centerId } : {}), limit: 8 } });
  const frequent = useGet('/api/my/frequent', null, { enabled: applicant });
  const bookmarks = useGet('/api/my/bookmarks', null, { enabled: applicant });
  const mine = applicant && ((frequent.data?.items.length ?? 0) > 0 || (bookmarks.data?.bookmarks.length ?? 0) > 0);

  return (
    <>
      {mine ? (
        <Row gutter={[16, 0]}>
          {(bookmarks.data?.bookmarks.length ?? 0) > 0 ? (
            <Col xs={24} lg={(frequent.data?.items.length ?? 0) > 0 ? 12 : 24}>
              <div className="ow-block" data-testid="home-bookmarks">
                <h2 className="ow-block-title"><StarOutlined /> {t('home.bookmarks')}</h2>
                <ServiceList items={bookmarks.data!.bookmarks} testid="bookmark" />
              </div>
            </Col>
          ) : null}
          {(frequent.data?.items.length ?? 0) > 0 ? (
            <Col xs={24} lg={(bookmarks.data?.bookmarks.length ?? 0) > 0 ? 12 : 24}>
              <div className="ow-block" data-testid="home-frequent">
                <h2 className="ow-block-title"><HistoryOutlined /> {t('home.frequent')}</h2>
                <ServiceList items={frequent.data!.items} testid="frequent" count={(n) => t('home.myCasesCount', { n })} />
              </div>
            </Col>
          ) : null}
        </Row>
      ) : null}
      <div className="ow-block" data-testid="home-popular">
        <h2 className="ow-block-title"><FireOutlined /> {t('home.popular')}</h2>
        {popular.isLoading ? <Skeleton active paragraph={{ rows: 2 }} />
          : (popular.data?.items.length ?? 0) === 0 ? <EmptyBlock text={t('home.popularNone')} />
            : <ServiceList items={popular.data!.items} testid="popular" count={(n) => t('home.casesCount', { n })} />}
      </div>
    </>
  );
}
