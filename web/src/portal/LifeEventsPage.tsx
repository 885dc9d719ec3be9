import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Breadcrumb, Select } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { JointMatterCards } from './JointMatterCards';
import { storeCenter, storedCenter } from './centers';

/** `/life-events`: every published joint matter, per center (the center chosen on the home page first). */
export default function LifeEventsPage() {
  const { t, pick } = useT();
  useTitle(t('nav.lifeEvents'));
  const [centerId, setCenterId] = useState(storedCenter);
  const facets = useGet('/api/catalog/facets');
  const choose = (id: string) => {
    storeCenter(id);
    setCenterId(id);
  };
  return (
    <div className="ow-container" data-testid="life-events-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('nav.lifeEvents') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('joint.listTitle')}</h1>
        <p className="ow-muted" style={{ marginTop: -6 }}>{t('joint.listIntro')}</p>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 16 }}>
          <span>{t('home.center')}:</span>
          <Select
            value={centerId}
            onChange={choose}
            style={{ minWidth: 160, maxWidth: '100%' }}
            data-testid="life-events-center"
            aria-label={t('home.center')}
            popupMatchSelectWidth={false}
            options={[
              { value: '', label: t('home.centerAll') },
              ...(facets.data?.centers ?? []).map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) })),
            ]}
          />
        </div>
        <JointMatterCards centerId={centerId} />
      </div>
    </div>
  );
}
