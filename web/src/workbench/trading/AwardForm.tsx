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
 * account; the button waits for them. The server judges again (TENDER_AWARD_OUT_OF_ORDER). In `reaward` mode (an
 * awarded tender whose winner gave it up before the contract) the same form, behind a button, also asks the ground of
 * the winner it replaces (TENDER_REAWARD_GROUND_REQUIRED).
 */
type Tender = ResponseOf<'/api/trading/tenders/{id}'>;
const GROUNDS = ['declined', 'force_majeure', 'no_performance_bond', 'violation'] as const;
type Ground = (typeof GROUNDS)[number];

export function AwardForm({ tender, mode = 'award' }: { tender: Tender; mode?: 'award' | 'reaward' }) {
  const { t } = useT();
  const { error, busy, run } = useSubmit(['/api/trading/tenders/{id}', '/api/trading/tenders']);
  const candidates = tender.candidates ?? [];
  // A re-award (the winner gave it up before the contract): the winner it replaces needs its ground; those passed over
  // before keep theirs and are offered no more.
  const current = mode === 'reaward' ? tender.award : null;
  const taken = new Set([...(tender.award?.passedOver ?? []).map((p) => p.orgCode), ...(current ? [current.orgCode] : [])]);
  const choices = candidates.filter((c) => !taken.has(c.orgCode));
  const [open, setOpen] = useState(mode === 'award');
  const [winner, setWinner] = useState(choices[0]?.orgCode ?? '');
  const [grounds, setGrounds] = useState<Record<string, Ground | undefined>>({});
  const [account, setAccount] = useState('');
  const chosen = choices.find((c) => c.orgCode === winner) ?? choices[0];
  const toGround = [
    ...candidates.filter((c) => c.orgCode === current?.orgCode),
    ...(chosen ? candidates.filter((c) => c.rank < chosen.rank && !taken.has(c.orgCode)) : []),
  ];
  const passedOver = toGround.flatMap((c) => (grounds[c.orgCode] ? [{ orgCode: c.orgCode, reason: grounds[c.orgCode]! }] : []));
  const missing = (tender.awardInOrder && passedOver.length < toGround.length) || (!!current && !grounds[current.orgCode]);
  const needsAccount = passedOver.length > 0 && !account.trim();
  const label = mode === 'reaward' ? t('tr.staff.award.reaward', { rank: chosen?.rank ?? 0 })
    : !chosen || chosen.rank === 1 ? t('tr.staff.action.award') : t('tr.staff.award.other', { rank: chosen.rank });
  const award = () => run(() => api.post('/api/trading/tenders/{id}/actions', {
    params: { path: { id: tender.id } },
    body: { action: mode, winnerOrgCode: winner, ...(passedOver.length ? { passedOver, reason: account.trim() } : {}) },
  }));
  if (!open) {
    return (
      <p style={{ marginBottom: 16 }}>
        <Button onClick={() => setOpen(true)} data-testid="tender-reaward-open">{t('tr.staff.award.reawardOpen')}</Button>
      </p>
    );
  }
  return (
    <section data-testid={mode === 'award' ? 'tender-award-form' : 'tender-reaward-form'} style={{ marginBottom: 16, maxWidth: 640 }}>
      <h2>{mode === 'award' ? t('tr.staff.award.title') : t('tr.staff.award.reawardTitle')}</h2>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="award-rule"
        message={mode === 'reaward' ? t('tr.staff.award.reawardRule') : tender.awardInOrder ? t('tr.staff.award.inOrder') : t('tr.staff.award.anyCandidate')} />
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.staff.award.winner')}
          <Select style={{ width: '100%' }} value={winner} onChange={setWinner} data-testid="award-winner"
            options={choices.map((c) => ({ value: c.orgCode, label: t('tr.staff.award.candidate', { rank: c.rank, name: c.name, score: c.score.toFixed(2) }) }))} />
        </label>
        {toGround.map((c) => (
          <label key={c.orgCode}>{t('tr.staff.award.ground', { rank: c.rank, name: c.name })}
            <Select style={{ width: '100%' }} value={grounds[c.orgCode]} allowClear={!tender.awardInOrder && c.orgCode !== current?.orgCode} placeholder={t('tr.staff.award.groundPick')}
              onChange={(v: Ground | undefined) => setGrounds({ ...grounds, [c.orgCode]: v })} data-testid={`award-ground-${c.rank}`}
              options={GROUNDS.map((g) => ({ value: g, label: t(`tr.passOver.${g}`) }))} />
          </label>
        ))}
        {toGround.length ? (
          <label>{t('tr.staff.award.account')}
            <Input.TextArea rows={3} maxLength={2000} value={account} onChange={(e) => setAccount(e.target.value)} data-testid="award-account" />
          </label>
        ) : null}
        <Popconfirm title={t('tr.staff.confirm', { action: label })} okText={label} cancelText={t('tr.staff.cancel')} onConfirm={() => award()}>
          <Button type="primary" loading={busy} disabled={!chosen || missing || needsAccount} data-testid={`tender-action-${mode}`}>{label}</Button>
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
