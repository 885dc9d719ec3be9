import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Breadcrumb, Button, Space, Switch } from 'antd';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { api } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { formatDateTime } from '../components/labels';
import { useCursorPages } from '../components/useCursorPages';
import { RequireSignIn } from './RequireSignIn';

/** 我的消息: the applicant's messages (unread in bold; opening one marks it read and goes to its case), and the SMS settings. */
export default function MyMessagesPage() {
  return <RequireSignIn><MyMessages /></RequireSignIn>;
}

const VIEWS = ['/api/my/messages', '/api/my/messages/unread-count'] as const;

function MyMessages() {
  const { t, msg } = useT();
  useTitle(t('msg.title'));
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  const pages = useCursorPages<number>();
  const { cursor } = pages;
  const list = useGet('/api/my/messages', { query: { limit: 20, ...(cursor ? { cursor } : {}) } });
  const rows = list.data?.rows ?? [];

  const open = async (m: (typeof rows)[number]) => {
    if (!m.readAt) await api.post('/api/my/messages/{id}/read', { params: { path: { id: m.id } } }).catch(() => undefined);
    void invalidate([...VIEWS]);
    if (m.link) navigate(m.link);
  };
  const readAll = async () => {
    await api.post('/api/my/messages/read-all', {});
    void invalidate([...VIEWS]);
    message.success(t('msg.readAllDone'));
  };

  return (
    <div className="ow-container" data-testid="my-messages-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('msg.title') }]} />
      <div className="ow-block">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 8 }}>
          <h1 className="ow-block-title" style={{ margin: 0 }}>{t('msg.title')}</h1>
          <Button onClick={() => void readAll()} disabled={!rows.some((m) => !m.readAt)} data-testid="messages-read-all">{t('msg.readAll')}</Button>
        </div>
        <p className="ow-muted">{t('msg.intro')}</p>
        <QueryError of={list} />
        {!list.isLoading && rows.length === 0 ? <EmptyBlock text={t('msg.empty')} testid="messages-empty" /> : null}
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="messages-list">
          {rows.map((m) => (
            <li key={m.id} style={{ borderBottom: '1px solid #eee' }}>
              <button type="button" onClick={() => void open(m)} data-testid="message-row" data-id={m.id} data-kind={m.kind} data-read={m.readAt ? 'true' : 'false'}
                style={{ all: 'unset', boxSizing: 'border-box', display: 'block', width: '100%', padding: '12px 4px', cursor: 'pointer', background: m.readAt ? undefined : '#f0f6ff' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                  <span style={{ fontWeight: m.readAt ? 400 : 700 }} data-testid="message-title">
                    {m.readAt ? null : <span className="ow-sr-only">{t('msg.unread')}: </span>}{msg(m.title)}
                  </span>
                  <span className="ow-muted" style={{ fontSize: 13 }}>{formatDateTime(m.createdAt)}</span>
                </div>
                <div style={{ marginTop: 4, color: 'rgba(0,0,0,.75)', overflowWrap: 'anywhere' }} data-testid="message-body">{msg(m.body)}</div>
              </button>
            </li>
          ))}
        </ul>
        <Space style={{ marginTop: 12 }}>
          {pages.hasPrevious ? <Button onClick={pages.previous} data-testid="messages-newer">{t('msg.newer')}</Button> : null}
          {list.data?.nextCursor ? <Button onClick={() => pages.next(list.data!.nextCursor!)} data-testid="messages-older">{t('msg.older')}</Button> : null}
        </Space>
      </div>
      <Preferences />
    </div>
  );
}

function Preferences() {
  const { t } = useT();
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  const prefs = useGet('/api/my/message-preferences');
  const [saving, setSaving] = useState<string | null>(null);
  // Kinds other parts send (ratings, work orders …) may have no text here yet: their code is shown.
  const label = (key: string, fallback: string) => { const s = t(key as MessageKey); return s === key ? fallback : s; };
  const save = async (kind: string, sms: boolean) => {
    setSaving(kind);
    try {
      await api.put('/api/my/message-preferences', { body: { preferences: [{ kind, sms }] } });
      message.success(t('msg.prefs.saved'));
    } finally {
      setSaving(null);
      void invalidate(['/api/my/message-preferences']);
    }
  };
  const data = prefs.data;
  return (
    <section className="ow-block" aria-labelledby="msg-prefs-title" data-testid="message-preferences">
      <h2 className="ow-block-title" id="msg-prefs-title">{t('msg.prefs.title')}</h2>
      <p className="ow-muted">{t('msg.prefs.intro')}</p>
      <QueryError of={prefs} />
      {data ? <p data-testid="message-preferences-phone">{data.phone ? t('msg.prefs.phone', { phone: data.phone }) : t('msg.prefs.noPhone')}</p> : null}
      {data?.groups.map((g) => (
        <div key={g.group} style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }} data-testid="message-pref-group" data-group={g.group}>
          <label style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, fontWeight: 600 }}>
            <span>{label(`msg.group.${g.group}`, g.group)}</span>
            <Switch checked={g.sms} loading={saving === g.group} disabled={!data.phone} onChange={(v) => void save(g.group, v)}
              aria-label={`${label(`msg.group.${g.group}`, g.group)} · ${t('msg.prefs.sms')}`} data-testid={`message-pref-${g.group}`} />
          </label>
          {g.kinds.map((k) => (
            <label key={k.kind} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, padding: '4px 0 4px 16px' }}>
              <span>{label(`msg.kind.${k.kind}`, k.kind)}</span>
              <Switch size="small" checked={k.sms} loading={saving === k.kind} disabled={!data.phone} onChange={(v) => void save(k.kind, v)}
                aria-label={`${label(`msg.kind.${k.kind}`, k.kind)} · ${t('msg.prefs.sms')}`} data-testid={`message-pref-${k.kind}`} />
            </label>
          ))}
        </div>
      ))}
    </section>
  );
}
