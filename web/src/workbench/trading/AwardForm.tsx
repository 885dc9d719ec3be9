import { useState } from 'react';
import { Alert, Button, Input, Popconfirm, Select, Space } from 'antd';
import { api, type ResponseOf } from '../../api/client';
import { useSubmit } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useT } from '../../i18n';

/**
 * The award (docs/trading.md, "The award"): the winner chosen among the published candidates, the first by default.
 * Where the award follows the candidates' order (a government procurement, a state-funded project: 条例 第五十五条),
 * a lower candidate needs, for every one ranked above it, the lawful ground it is passed over on and the written
 * account; the button waits for them. The server judges again (TENDER_AWARD_OUT_OF_ORDER).
 */
type Tender = ResponseOf<'/api/trading/tenders/{id}'>;
const GROUNDS = ['declined', 'force_majeure', 'no_performance_bond', 'violation'] as const;
type Ground = (typeof GROUNDS)[number];

export function AwardForm({ tender }: { tender: Tender }) {
  const { t } = useT();
  const { error, busy, run } = useSubmit(['/api/trading/tenders/{id}', '/api/trading/tenders']);
  const candidates = tender.candidates ?? [];
  const [winner, setWinner] = useState(candidates[0]?.orgCode ?? '');
  const [grounds, setGrounds] = useState<Record<string, Ground | undefined>>({});
  const [account, setAccount] = useState('');
  const chosen = candidates.find((c) => c.orgCode === winner) ?? candidates[0];
  const above = chosen ? candidates.filter((c) => c.rank < chosen.rank) : [];
  const passedOver = above.flatMap((c) => (grounds[c.orgCode] ? [{ orgCode: c.orgCode, reason: grounds[c.orgCode]! }] : []));
  const missing = tender.awardInOrder && passedOver.length < above.length;
  const needsAccount = passedOver.length > 0 && !account.trim();
  const label = !chosen || chosen.rank === 1 ? t('tr.staff.action.award') : t('tr.staff.award.other', { rank: chosen.rank });
  const award = () => run(() => api.post('/api/trading/tenders/{id}/actions', {
    params: { path: { id: tender.id } },
    body: { action: 'award', winnerOrgCode: winner, ...(passedOver.length ? { passedOver, reason: account.trim() } : {}) },
  }));
  return (
    <section data-testid="tender-award-form" style={{ marginBottom: 16, maxWidth: 640 }}>
      <h2>{t('tr.staff.award.title')}</h2>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="award-rule"
        message={tender.awardInOrder ? t('tr.staff.award.inOrder') : t('tr.staff.award.anyCandidate')} />
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.staff.award.winner')}
          <Select style={{ width: '100%' }} value={winner} onChange={setWinner} data-testid="award-winner"
            options={candidates.map((c) => ({ value: c.orgCode, label: t('tr.staff.award.candidate', { rank: c.rank, name: c.name, score: c.score.toFixed(2) }) }))} />
        </label>
        {above.map((c) => (
          <label key={c.orgCode}>{t('tr.staff.award.ground', { rank: c.rank, name: c.name })}
            <Select style={{ width: '100%' }} value={grounds[c.orgCode]} allowClear={!tender.awardInOrder} placeholder={t('tr.staff.award.groundPick')}
              onChange={(v: Ground | undefined) => setGrounds({ ...grounds, [c.orgCode]: v })} data-testid={`award-ground-${c.rank}`}
              options={GROUNDS.map((g) => ({ value: g, label: t(`tr.passOver.${g}`) }))} />
          </label>
        ))}
        {above.length ? (
          <label>{t('tr.staff.award.account')}
            <Input.TextArea rows={3} maxLength={2000} value={account} onChange={(e) => setAccount(e.target.value)} data-testid="award-account" />
          </label>
        ) : null}
        <Popconfirm title={t('tr.staff.confirm', { action: label })} okText={label} cancelText={t('tr.staff.cancel')} onConfirm={() => award()}>
          <Button type="primary" loading={busy} disabled={!chosen || missing || needsAccount} data-testid="tender-action-award">{label}</Button>
        </Popconfirm>
      </Space>
    </section>
  );
}

/** The award as shown: the winner, and the candidates ranked above it with the ground each was passed over on. */
export function AwardShown({ award, testid }: { award: NonNullable<Tender['award']>; testid: string }) {
  const { t } = useT();
  return (
    <span data-testid={testid}>
      {award.name}
      {award.passedOver?.length ? (
        <span data-testid={`${testid}-passed-over`}>
          {' · '}{award.passedOver.map((p) => t('tr.passOver.shown', { rank: p.rank, name: p.name, ground: t(`tr.passOver.${p.reason}`) })).join('；')}
        </span>
      ) : null}
    </span>
  );
}
