/**
 * The provider's own pages (sign-in, consent, errors): plain server-rendered HTML in Chinese or
 * English, no script at all (the CSP forbids inline scripts), styles inline (allowed by the CSP).
 */
export type Lang = 'zh' | 'en';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f7fa;color:#1f1f1f}
main{max-width:420px;margin:32px auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 16px}label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;box-sizing:border-box;font-size:1rem;padding:10px;border:1px solid #767676;border-radius:4px}
button{font-size:1rem;padding:10px 16px;border-radius:4px;border:1px solid #0b57d0;cursor:pointer;margin-top:16px}
.primary{background:#0b57d0;color:#fff;width:100%}.secondary{background:#fff;color:#0b57d0;width:100%}
.error{color:#a50e0e;background:#fce8e6;padding:8px;border-radius:4px}.muted{color:#4a4a4a;font-size:.9rem}
ul{padding-left:20px}nav{text-align:right;font-size:.9rem}a{color:#0b57d0}`;

function layout(lang: Lang, title: string, body: string, otherLangHref?: string): string {
  const switcher = otherLangHref ? `<nav><a href="${esc(otherLangHref)}" lang="${lang === 'zh' ? 'en' : 'zh'}">${lang === 'zh' ? 'English' : '中文'}</a></nav>` : '';
  return `<!DOCTYPE html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>${switcher}${body}</main></body></html>`;
}

const T = {
  signInTitle: { zh: '登录一窗通办', en: 'Sign in to OneWindow' },
  signInLead: { zh: '「{client}」请求使用您的一窗通办账号登录。', en: '"{client}" asks to sign you in with your OneWindow account.' },
  login: { zh: '身份证号或统一社会信用代码', en: 'ID number or unified social credit code' },
  password: { zh: '密码', en: 'Password' },
  submit: { zh: '登录', en: 'Sign in' },
  cancel: { zh: '取消，返回该系统', en: 'Cancel and go back' },
  consentTitle: { zh: '授权确认', en: 'Allow access' },
  consentLead: { zh: '{name}，「{client}」请求获取以下信息：', en: '{name}, "{client}" asks for:' },
  allow: { zh: '同意并继续', en: 'Allow and continue' },
  deny: { zh: '拒绝', en: 'Deny' },
  errorTitle: { zh: '无法完成登录', en: 'Sign-in cannot be completed' },
  staffOnly: { zh: '工作人员账号不能用于登录其他系统，请使用申请人账号。', en: 'Staff accounts cannot sign in to other systems; use an applicant account.' },
  expired: { zh: '登录请求已失效，请返回原系统重新发起登录。', en: 'This sign-in request has expired; go back to the system and start again.' },
  csrf: { zh: '页面已过期，请重新提交。', en: 'The page expired; please submit again.' },
} as const;

export const SCOPE_TEXT: Record<string, { zh: string; en: string }> = {
  openid: { zh: '您在该系统中的用户标识', en: 'An identifier of you for this system' },
  profile: { zh: '姓名（或企业名称）和申请人类型', en: 'Your name (or enterprise name) and applicant type' },
  phone: { zh: '手机号（部分隐藏）', en: 'Your phone number (partly hidden)' },
  offline_access: { zh: '在您离开后继续访问上述信息', en: 'Keep access to the above while you are away' },
};

export const text = (lang: Lang, key: keyof typeof T, vars: Record<string, string> = {}) =>
  Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, v), T[key][lang] as string);

export function loginPage(p: { lang: Lang; action: string; abort: string; csrf: string; client: string; error?: string; login?: string; otherLangHref: string }): string {
  const t = (k: keyof typeof T, v?: Record<string, string>) => esc(text(p.lang, k, v));
  return layout(p.lang, text(p.lang, 'signInTitle'), `<h1>${t('signInTitle')}</h1>
<p>${t('signInLead', { client: p.client })}</p>
${p.error ? `<p class="error" role="alert">${esc(p.error)}</p>` : ''}
<form method="post" action="${esc(p.action)}">
<input type="hidden" name="csrf" value="${esc(p.csrf)}">
<label for="login">${t('login')}</label><input id="login" name="login" autocomplete="username" required maxlength="100" value="${esc(p.login ?? '')}">
<label for="password">${t('password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
<button class="primary" type="submit">${t('submit')}</button></form>
<form method="post" action="${esc(p.abort)}"><input type="hidden" name="csrf" value="${esc(p.csrf)}"><button class="secondary" type="submit">${t('cancel')}</button></form>`, p.otherLangHref);
}

export function consentPage(p: { lang: Lang; action: string; abort: string; csrf: string; client: string; name: string; scopes: string[]; otherLangHref: string }): string {
  const t = (k: keyof typeof T, v?: Record<string, string>) => esc(text(p.lang, k, v));
  const items = p.scopes.map((s) => `<li>${esc(SCOPE_TEXT[s]?.[p.lang] ?? s)}</li>`).join('');
  return layout(p.lang, text(p.lang, 'consentTitle'), `<h1>${t('consentTitle')}</h1>
<p>${t('consentLead', { name: p.name, client: p.client })}</p><ul>${items}</ul>
<form method="post" action="${esc(p.action)}"><input type="hidden" name="csrf" value="${esc(p.csrf)}"><button class="primary" type="submit">${t('allow')}</button></form>
<form method="post" action="${esc(p.abort)}"><input type="hidden" name="csrf" value="${esc(p.csrf)}"><button class="secondary" type="submit">${t('deny')}</button></form>`, p.otherLangHref);
}

/** An error page in both languages (the provider's errors come before we know the language). */
export function errorPage(out: { error: string; error_description?: string }, message?: { zh: string; en: string }): string {
  const zh = message?.zh ?? T.errorTitle.zh;
  const en = message?.en ?? T.errorTitle.en;
  return layout('zh', T.errorTitle.zh, `<h1>${esc(T.errorTitle.zh)} · <span lang="en">${esc(T.errorTitle.en)}</span></h1>
<p class="error" role="alert">${esc(zh)}<br><span lang="en">${esc(en)}</span></p>
<p class="muted"><code>${esc(out.error)}</code>${out.error_description ? ` — ${esc(out.error_description)}` : ''}</p>`);
}
