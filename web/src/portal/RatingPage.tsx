import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Radio, Rate, Space, Tag } from 'antd';
import { useT } from '../i18n';
import { api, ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { ErrorAlert } from '../components/ErrorAlert';
import { RequireSignIn } from './RequireSignIn';
import { LEVELS, LevelChoice, levelKey } from '../components/ratings/LevelChoice';

/**
 * The person's rating page of a case stage (reached from the message and from the case page): the
 * rating form once the stage happened, the rating given, and the rectification of a bad review with
 * the form to rate the fix.
 */
function Rating() {
  const { caseId = '', stage = 'completion' } = useParams();
  const { t, lang } = useT();
  useTitle(t('rt.title'));
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const page = useGet('/api/my/cases/{id}/ratings', { path: { id: caseId } });
  const [level, setLevel] = useState<number>();
  const [dims, setDims] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [realName, setRealName] = useState(true);
  const [fixLevel, setFixLevel] = useState<number>();
  const [error, setError] = useState<ApiError | null>(null);
  const s = page.data?.stages.find((x) => x.stage === stage);

  const run = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      message.success(t('rt.thanks'));
      await invalidate(['/api/my/cases/{id}/ratings']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  const submit = () => run(() => api.post('/api/my/cases/{id}/ratings', {
    params: { path: { id: caseId } },
    body: { stage: stage === 'acceptance' ? 'acceptance' : 'completion', level: level!, dimensions: dims, comment: comment || undefined, realName, channel: 'portal' },
  }));

  return (
    <div className="ow-container" data-testid="rating-page" style={{ maxWidth: 760 }}>
      <h1>{t('rt.title')} · {t(`rt.stage.${stage === 'acceptance' ? 'acceptance' : 'completion'}`)}</h1>
      <QueryError of={page} />
      <ErrorAlert error={error} />
      {page.data ? <p><Link to={`/my/cases/${caseId}`}>{t('rt.case', { no: page.data.receiptNo ?? '—' })}</Link></p> : null}
      {s && !s.invitedAt ? <Alert type="info" showIcon message={t('rt.notYet')} /> : null}
      {s?.invitedAt && !s.rating ? (
        <Card>
          <h2 style={{ fontSize: 18 }}>{t('rt.level')}</h2>
          <LevelChoice value={level} onChange={setLevel} name={t('rt.level')} />
          <h2 style={{ fontSize: 18, marginTop: 16 }}>{t('rt.dimensions')}</h2>
          <Space direction="vertical" style={{ width: '100%' }}>
            {page.data?.dimensions.map((d) => (
              <Space key={d.key} wrap>
                <span id={`dim-${d.key}`} style={{ minWidth: 96, display: 'inline-block' }}>{lang === 'en' ? d.nameEn : d.name}</span>
                <Rate aria-labelledby={`dim-${d.key}`} value={dims[d.key]} onChange={(v) => setDims({ ...dims, [d.key]: v })}
                  tooltips={LEVELS.slice().reverse().map((l) => t(`rt.level.${l}`))} />
              </Space>
            ))}
          </Space>
          <label htmlFor="rating-comment" style={{ display: 'block', marginTop: 16 }}>{t('rt.comment')}</label>
          <Input.TextArea id="rating-comment" data-testid="rating-comment" maxLength={1000} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          <Radio.Group style={{ marginTop: 12 }} value={realName} onChange={(e) => setRealName(e.target.value as boolean)} aria-label={t('rt.realName')}>
            <Radio value={true} data-testid="rating-real-name">{t('rt.realName')}</Radio>
            <Radio value={false} data-testid="rating-anonymous">{t('rt.anonymous')}</Radio>
          </Radio.Group>
          <div style={{ marginTop: 16 }}>
            <Button type="primary" size="large" disabled={!level} onClick={() => void submit()} data-testid="rating-submit">{t('rt.submit')}</Button>
          </div>
        </Card>
      ) : null}
      {s?.rating ? (
        <Card data-testid="rating-given">
          <p style={{ fontSize: 18 }}>{t('rt.given', { level: t(levelKey(s.rating.level)) })}</p>
          {s.rating.comment ? <p style={{ whiteSpace: 'pre-wrap' }}>{s.rating.comment}</p> : null}
        </Card>
      ) : null}
      {s?.task ? (
        <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('rt.task')}</h2>} style={{ marginTop: 16 }} data-testid="rating-task" data-status={s.task.status}>
          <p><Tag>{t(`rt.status.${s.task.status}`)}</Tag> {t('rt.task.due', { date: s.task.dueDate })}</p>
          {s.task.rectificationNote ? <p style={{ whiteSpace: 'pre-wrap' }}>{t('rt.task.fix', { note: s.task.rectificationNote })}</p> : null}
          {s.task.status === 'rectified' ? (
            <>
              <h3 style={{ fontSize: 16 }}>{t('rt.task.rateFix')}</h3>
              <LevelChoice value={fixLevel} onChange={setFixLevel} name={t('rt.task.rateFix')} />
              <Button style={{ marginTop: 12 }} type="primary" disabled={!fixLevel} data-testid="rating-fix-submit"
                onClick={() => void run(() => api.post('/api/my/rectifications/{id}/rating', { params: { path: { id: s.task!.id } }, body: { level: fixLevel! } }))}>
                {t('rt.submit')}
              </Button>
            </>
          ) : null}
          {s.task.personLevel ? <p>{t('rt.task.fixRated', { level: t(levelKey(s.task.personLevel)) })}</p> : null}
        </Card>
      ) : null}
    </div>
  );
}

export default function RatingPage() {
  return <RequireSignIn><Rating /></RequireSignIn>;
}
