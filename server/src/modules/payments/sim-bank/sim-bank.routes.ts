import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../lib/context.ts';
import { DomainError, NOT_FOUND } from '../../../lib/errors.ts';
import { errorBody } from '../../../lib/schemas.ts';
import { bankCancel, bankOrder, bankPay, isExpired, isSimBankFault, setOrderFaults, SIM_BANK_FAULTS } from './sim-bank.service.ts';

/**
 * The simulated bank's own pages, under /sim-bank (mounted only when SIM_BANK=on): the cashier page
 * the payer is redirected to, its "pay" and "cancel" buttons (plain HTML forms, no script), and a
 * control to inject faults into one order (tests and demos; the bank's, not our API's).
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function page(title: string, inner: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>
body{font-family:system-ui,sans-serif;background:#f2f4f7;margin:0;color:#1d2129}
main{max-width:26rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.2rem;margin:0 0 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{color:#4e5969}dd{margin:0}
.amount{font-size:1.6rem;font-weight:600;color:#b42318}form{display:inline}button{font-size:1rem;padding:.6rem 1.4rem;border-radius:6px;border:1px solid #1d4ed8;margin:.4rem .4rem 0 0;cursor:pointer}
.pay{background:#1d4ed8;color:#fff}.cancel{background:#fff;color:#1d4ed8}footer{margin-top:1rem;font-size:.8rem;color:#4e5969}
</style></head><body><main>${inner}<footer>模拟银行收银台 · Simulated bank cashier (demo and tests only)</footer></main></body></html>`;
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

export function simBankRoutes(app: FastifyInstance, ctx: AppContext) {
  if (ctx.config.SIM_BANK !== 'on') return;
  void app.register(async (bank) => {
    // The cashier's forms post url-encoded bodies; only this scope parses them.
    bank.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(text))));
    });
    const r = bank.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ id: z.uuid() });

    r.get('/sim-bank/cashier/:id', { schema: { hide: true, params } }, async (req, reply) => {
      const order = await bankOrder(ctx, req.params.id);
      if (!order) return sendPage(reply, 404, page('订单不存在', '<h1>订单不存在 · No such order</h1>'));
      const closed = isExpired(ctx, order);
      const done = order.status !== 'pending' || closed;
      return sendPage(reply, 200, page('模拟银行收银台', `<h1>模拟银行收银台 · Cashier</h1>
<dl><dt>收款方 Payee</dt><dd data-testid="payee">${escape(order.payee)}</dd>
<dt>商品 For</dt><dd>${escape(order.subject)}</dd>
<dt>订单号 Order</dt><dd>${escape(order.merchant_order_no)}</dd>
<dt>金额 Amount</dt><dd class="amount" data-testid="amount">¥${yuan(order.amount_fen)}</dd>
<dt>状态 Status</dt><dd data-testid="bank-status">${order.status === 'paid' ? '已支付 Paid' : order.status === 'cancelled' ? '已取消 Cancelled' : closed ? '已超时关闭 Closed (time limit passed)' : '待支付 Awaiting payment'}</dd></dl>
${done ? `<p><a href="${escape(order.return_url)}">返回商户 · Back to the merchant</a></p>` : `<form method="post" action="/sim-bank/cashier/${order.id}/pay"><button class="pay" type="submit">确认支付 · Pay</button></form>
<form method="post" action="/sim-bank/cashier/${order.id}/cancel"><button class="cancel" type="submit">取消 · Cancel</button></form>`}`));
    });

    r.post('/sim-bank/cashier/:id/pay', { schema: { hide: true, params } }, async (req, reply) => {
      let done;
      try {
        done = await bankPay(ctx, req.params.id);
      } catch (err) {
        // A refusal (the order closed by its time limit) is the cashier's own page, with its stable code.
        if (!(err instanceof DomainError)) throw err;
        return sendPage(reply, err.status, page(err.text.zh, `<h1>${escape(err.text.zh)}</h1><p>${escape(err.text.en)}</p>
<p>错误代码 Code: <code data-testid="bank-error">${escape(err.code)}</code></p>`));
      }
      if (!done) return sendPage(reply, 404, page('订单不存在', '<h1>订单不存在 · No such order</h1>'));
      return reply.redirect(done.returnUrl, 303);
    });

    r.post('/sim-bank/cashier/:id/cancel', { schema: { hide: true, params } }, async (req, reply) => {
      const done = await bankCancel(ctx, req.params.id);
      if (!done) return sendPage(reply, 404, page('订单不存在', '<h1>订单不存在 · No such order</h1>'));
      return reply.redirect(done.returnUrl, 303);
    });

    r.post('/sim-bank/orders/:orderNo/faults', {
      schema: {
        tags: ['simulated bank'], summary: 'Simulated bank only: inject faults into one order (tests and demos)',
        params: z.object({ orderNo: z.string().min(1).max(64) }),
        body: z.object({ faults: z.array(z.enum(SIM_BANK_FAULTS)).max(SIM_BANK_FAULTS.length) }),
        response: { 200: z.object({ orderNo: z.string(), faults: z.array(z.string()) }), 400: errorBody, 404: errorBody },
      },
    }, async (req) => {
      const faults = req.body.faults.filter(isSimBankFault);
      if (!(await setOrderFaults(ctx, req.params.orderNo, faults))) throw NOT_FOUND({ zh: '订单', en: 'Order' });
      return { orderNo: req.params.orderNo, faults };
    });
  });
}
