import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Form, Input, Radio } from 'antd';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useAuth } from '../api/auth';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormErrors } from '../components/useFormErrors';

interface ForeignForm { name: string; nationality: string; docKind: 'passport' | 'permanent_residence'; docNumber: string; phone: string; password: string; password2: string }

/** Registration of a foreigner with a passport or a foreign permanent resident ID card (docs/portal.md "Foreign applicants"). */
export function ForeignRegisterForm() {
  const { t } = useT();
  const { message } = App.useApp();
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<ForeignForm>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);

  const submit = async (v: ForeignForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/register-foreign', {
        body: { name: v.name.trim(), nationality: v.nationality.trim().toUpperCase(), docKind: v.docKind, docNumber: v.docNumber.trim(), phone: v.phone.trim(), password: v.password },
      });
      message.success(t('auth.registeredShort'));
      const user = await refresh();
      navigate(user ? '/' : '/login?registered=1', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ docKind: 'passport' }} data-testid="register-form-foreign">
      <Alert type="info" message={t('foreign.intro')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={error} />
      <Form.Item name="name" label={t('foreign.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input data-testid="foreign-name" autoComplete="name" maxLength={100} />
      </Form.Item>
      <Form.Item name="nationality" label={t('foreign.nationality')} rules={[{ required: true, pattern: /^[A-Za-z]{3}$/ }]}>
        <Input data-testid="foreign-nationality" maxLength={3} autoComplete="country" style={{ textTransform: 'uppercase' }} />
      </Form.Item>
      <Form.Item name="docKind" label={t('foreign.docKind')}>
        <Radio.Group data-testid="foreign-doc-kind" options={[{ value: 'passport', label: t('foreign.passport') }, { value: 'permanent_residence', label: t('foreign.permanent') }]} />
      </Form.Item>
      <Form.Item name="docNumber" label={t('foreign.docNumber')} rules={[{ required: true, whitespace: true, max: 40 }]}>
        <Input data-testid="foreign-doc-number" maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t('foreign.phone')} rules={[{ required: true, whitespace: true, max: 20 }]}>
        <Input data-testid="foreign-phone" autoComplete="tel" inputMode="tel" maxLength={20} />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 8, message: t('auth.hint.password') }]}>
        <Input.Password data-testid="foreign-password" autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="password2" label={t('auth.passwordConfirm')} dependencies={['password']}
        rules={[{ required: true, message: t('auth.req.passwordConfirm') }, ({ getFieldValue }) => ({
          validator: (_r, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch')))),
        })]}
      >
        <Input.Password data-testid="foreign-password2" autoComplete="new-password" />
      </Form.Item>
      <p className="ow-muted">{t('foreign.signInHint')}</p>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="foreign-submit">{t('auth.registerSubmit')}</Button>
    </Form>
  );
}
