import { useRef, useState } from 'react';
import { App, type FormInstance } from 'antd';
import { newUuid, toApiError, type ApiError } from '../../api/client';
import { useT } from '../../i18n';
import { useFormErrors } from '../useFormErrors';

/**
 * Sending an application once: waits for the uploads, checks the form, sends one request at a
 * time with one idempotency key per form fill (a retry after a lost answer gets the same case back
 * instead of a second one), and puts the server's error on the form.
 */
export function useApplicationSubmit<V>(form: FormInstance<V>, uploadsRunning: number) {
  const { t } = useT();
  const { message } = App.useApp();
  const { error, setError } = useFormErrors(form);
  const [idempotencyKey] = useState(newUuid);
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);

  const send = async (post: (values: V, idempotencyKey: string) => Promise<void>, on: { error?: (e: ApiError) => void; invalid?: () => void } = {}) => {
    if (sending.current) return;
    if (uploadsRunning > 0) {
      message.warning(t('apply.uploadsRunning'));
      return;
    }
    const values = await form.validateFields().catch(() => null);
    if (!values) {
      message.error(t('apply.fixErrors'));
      on.invalid?.();
      return;
    }
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      await post(values, idempotencyKey);
    } catch (e) {
      const err = toApiError(e);
      on.error?.(err);
      setError(err);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  return { send, busy, error, setError, idempotencyKey };
}
