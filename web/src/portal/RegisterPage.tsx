import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Form, Input, Tabs } from 'antd';
import type { FormRule as Rule } from 'antd';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useAuth } from '../api/auth';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormErrors } from '../components/useFormErrors';
import { ForeignRegisterForm } from './ForeignRegisterForm';
import { creditCodeChecksumOk, creditCodeFormatOk, idNumberChecksumOk, idNumberFormatOk, phoneOk } from '../components/idValidation';

type Kind = 'person' | 'enterprise';
type Tab = Kind | 'foreign';
interface RegisterForm {
  name: string;
  idNumber?: string;
  creditCode?: string;
  legalRepresentative?: string;
  phone: string;
  password: string;
  password2: string;
}

function RegisterForm({ kind }: { kind: Kind }) {
  const { t } = useT();
  const { message } = App.useApp();
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterForm>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);

  // Hints warn but do not block: a wrong check digit still reaches the server, whose message says which rule failed.
  const hint = (check: (v: string) => string | null): Rule => ({
    warningOnly: true,
    validator: (_r, value: string | undefined) => {
      const msgText = value ? check(value.trim()) : null;
      return msgText ? Promise.reject(new Error(msgText)) : Promise.resolve();
    },
  });

  const submit = async (v: RegisterForm) => {
    setBusy(true);
    setError(null);
    const body = kind === 'person'
      ? { kind, name: v.name.trim(), idNumber: (v.idNumber ?? '').trim().toUpperCase(), phone: v.phone.trim(), password: v.password }
      : {
          kind, name: v.name.trim(), creditCode: (v.creditCode ?? '').trim().toUpperCase(),
          legalRepresentative: (v.legalRepresentative ?? '').trim(), phone: v.phone.trim(), password: v.password,
        };
    try {
      await api.post('/api/auth/register', { body });
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
    <Form form={form} layout="vertical" onFinish={submit} data-testid={`register-form-${kind}`}>
      <ErrorAlert error={error} />
      <Form.Item
        name="name"
        label={kind === 'person' ? t('auth.name') : t('auth.entName')}
        rules={[{ required: true, whitespace: true, message: kind === 'person' ? t('auth.req.name') : t('auth.req.entName') }]}
      >
        <Input data-testid="register-name" autoComplete={kind === 'person' ? 'name' : 'organization'} maxLength={100} />
      </Form.Item>
      {kind === 'person' ? (
        <Form.Item
          name="idNumber"
          label={t('auth.idNumber')}
          rules={[
            { required: true, whitespace: true, message: t('auth.req.idNumber') },
            hint((v) => (!idNumberFormatOk(v) ? t('auth.hint.idNumber') : !idNumberChecksumOk(v) ? t('auth.hint.idChecksum') : null)),
          ]}
        >
          <Input data-testid="register-id-number" maxLength={18} autoComplete="off" />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="creditCode"
            label={t('auth.creditCode')}
            rules={[
              { required: true, whitespace: true, message: t('auth.req.creditCode') },
              hint((v) => {
                const u = v.toUpperCase();
                return !creditCodeFormatOk(u) ? t('auth.hint.creditCode') : !creditCodeChecksumOk(u) ? t('auth.hint.creditChecksum') : null;
              }),
            ]}
          >
            <Input data-testid="register-credit-code" maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="legalRepresentative"
            label={t('auth.legalRep')}
            rules={[{ required: true, whitespace: true, message: t('auth.req.legalRep') }]}
          >
            <Input data-testid="register-legal-rep" maxLength={100} />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="phone"
        label={t('auth.phone')}
        rules={[{ required: true, whitespace: true, message: t('auth.req.phone') }, hint((v) => (phoneOk(v) ? null : t('auth.hint.phone')))]}
      >
        <Input data-testid="register-phone" autoComplete="tel" maxLength={20} inputMode="tel" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, message: t('auth.req.password') }, hint((v) => (v.length >= 8 ? null : t('auth.hint.password')))]}
      >
        <Input.Password data-testid="register-password" autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="password2"
        label={t('auth.passwordConfirm')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('auth.req.passwordConfirm') },
          ({ getFieldValue }) => ({
            validator: (_r, value) =>
              !value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch'))),
          }),
        ]}
      >
        <Input.Password data-testid="register-password2" autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="register-submit">
        {t('auth.registerSubmit')}
      </Button>
    </Form>
  );
}

export default function RegisterPage() {
  const { t } = useT();
  useTitle(t('auth.registerTitle'));
  const [kind, setKind] = useState<Tab>('person');
  return (
    <div className="ow-container" style={{ maxWidth: 520 }} data-testid="register-page">
      <Card style={{ marginTop: 16 }} title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('auth.registerTitle')}</h1>}>
        <Tabs
          activeKey={kind}
          onChange={(k) => setKind(k as Tab)}
          destroyOnHidden
          items={[
            { key: 'person', label: <span data-testid="register-tab-person">{t('auth.personTab')}</span>, children: <RegisterForm kind="person" /> },
            { key: 'enterprise', label: <span data-testid="register-tab-enterprise">{t('auth.enterpriseTab')}</span>, children: <RegisterForm kind="enterprise" /> },
            { key: 'foreign', label: <span data-testid="register-tab-foreign">{t('foreign.tab')}</span>, children: <ForeignRegisterForm /> },
          ]}
        />
        <p style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          {t('auth.haveAccount')} <Link to="/login" data-testid="goto-login">{t('auth.goLogin')}</Link>
        </p>
      </Card>
    </div>
  );
}
