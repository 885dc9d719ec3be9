import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { homeOf, useAuth } from '../api/auth';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormErrors } from '../components/useFormErrors';

interface LoginForm { login: string; password: string }

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export default function LoginPage() {
  const { t } = useT();
  useTitle(t('auth.loginTitle'));
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginForm>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.login.trim(), v.password);
      const next = safeNext(params.get('next'));
      navigate(next ?? homeOf(user), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ow-container" style={{ maxWidth: 460 }} data-testid="login-page">
      <Card style={{ marginTop: 16 }} title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('auth.loginTitle')}</h1>}>
        {params.get('registered') ? (
          <div data-testid="register-success"><Alert type="success" showIcon title={t('auth.registered')} style={{ marginBottom: 16 }} /></div>
        ) : null}
        <p className="ow-muted" style={{ marginTop: 0 }}>{t('auth.loginSubtitle')}</p>
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
          <Form.Item name="login" label={t('auth.login')} rules={[{ required: true, whitespace: true, message: t('auth.req.login') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" placeholder={t('auth.loginPlaceholder')} data-testid="login-name" size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.req.password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
            {t('auth.loginSubmit')}
          </Button>
        </Form>
        <p style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          {t('auth.noAccount')} <Link to="/register" data-testid="goto-register">{t('auth.goRegister')}</Link>
        </p>
      </Card>
    </div>
  );
}
