import { useEffect, useSyncExternalStore } from 'react';
import { Button } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { api } from '../../api/client';
import { elderMode, setElder, subscribeElder } from './elder';

/** Whether the elder-friendly mode is on (re-renders when it changes). */
export function useElderMode(): boolean {
  return useSyncExternalStore(subscribeElder, elderMode, () => false);
}

/**
 * On sign-in, the user's own choice joins the device's: the mode is on when either has it on, and
 * a device's "on" is saved for the user, so it follows them to the next device they sign in on.
 */
export function ElderSync() {
  const { user } = useAuth();
  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    let gone = false;
    api.get('/api/me/preferences').then((p) => {
      if (gone) return;
      if (p.elderMode && !elderMode()) setElder(true);
      else if (!p.elderMode && elderMode()) void api.put('/api/me/preferences', { body: { elderMode: true } }).catch(() => {});
    }).catch(() => {}); // the device's choice still applies
    return () => { gone = true; };
  }, [userId]);
  return null;
}

/** The switch in every face's header: a real toggle button (aria-pressed) whose name is its visible text. */
export function ElderToggle({ dark }: { dark?: boolean }) {
  const { t } = useT();
  const { user } = useAuth();
  const on = useElderMode();
  const toggle = () => {
    setElder(!on);
    if (user) void api.put('/api/me/preferences', { body: { elderMode: !on } }).catch(() => {});
  };
  return (
    <Button type="text" size="small" icon={<EyeOutlined />} onClick={toggle} aria-pressed={on} data-testid="elder-toggle" data-on={on ? 'true' : 'false'}
      className="ow-elder-toggle" style={dark ? { color: '#fff' } : undefined}>
      {t('a11y.elder')}
    </Button>
  );
}
