import { Col, Radio, Row, Spin, Tag } from 'antd';
import { CheckCircleOutlined, MinusCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { enumLabel } from '../components/labels';
import type { JointChecklist, JointMatter } from './jointTypes';
import { useOrgNames } from './orgNames';

/** An item is named once even when several of its materials are merged into one. */
export const unique = (names: string[]) => [...new Set(names)];

/** Step 1: one radio group per question; `onAnswer` changes the answers (and so the checklist). */
export function QuestionsStep({ matter, answers, onAnswer }: {
  matter: JointMatter;
  answers: Record<string, string>;
  onAnswer: (key: string, value: string) => void;
}) {
  const { t, msg } = useT();
  return (
    <div data-testid="joint-questions">
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('joint.questionsIntro')}</p>
      {matter.questions.map((q, i) => (
        <div key={q.key} className="ow-joint-question" data-testid={`joint-question-${q.key}`} data-answer={answers[q.key] ?? ''}>
          <div style={{ fontWeight: 600, marginBottom: 8 }} id={`joint-q-${q.key}`}>{i + 1}. {msg(q.label)}</div>
          <Radio.Group value={answers[q.key]} onChange={(e) => onAnswer(q.key, e.target.value as string)} aria-labelledby={`joint-q-${q.key}`}>
            {q.options.map((o) => (
              <Radio key={o.value} value={o.value} data-testid={`joint-answer-${q.key}-${o.value}`}>{msg(o.label)}</Radio>
            ))}
          </Radio.Group>
        </div>
      ))}
    </div>
  );
}

/** The matter's items, each marked as applying, not applying, or not known until every question is answered. */
export function MatterItems({ matter, checklist }: { matter: JointMatter; checklist: JointChecklist | undefined }) {
  const { t, pick } = useT();
  const names = useOrgNames();
  const included = checklist ? new Set(checklist.items.map((i) => i.itemId)) : null;
  return (
    <div data-testid="joint-matter-items">
      {matter.items.map((it) => {
        const applies = included ? included.has(it.itemId) : null;
        return (
          <div key={it.itemId} data-testid="joint-matter-item" data-item-id={it.itemId}
            data-applies={applies === null ? 'unknown' : String(applies)}
            style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '6px 0', borderBottom: '1px solid #f0f0f0', opacity: applies === false ? 0.55 : 1 }}>
            <span style={{ flex: 'none' }}>
              {applies === null ? <QuestionCircleOutlined className="ow-muted" /> : applies ? <CheckCircleOutlined style={{ color: '#52c41a' }} /> : <MinusCircleOutlined className="ow-muted" />}
            </span>
            <span style={{ minWidth: 0, flex: 1, wordBreak: 'break-word' }}>
              {pick(it.name, it.nameEn)} <span className="ow-muted">· {names.department(it.departmentName)}</span>
            </span>
            <Tag color={applies === null ? 'default' : applies ? 'green' : 'default'} style={{ marginInlineEnd: 0, flex: 'none' }}>
              {applies === null ? t('joint.pending') : applies ? t('joint.applies') : t('joint.notApplies')}
            </Tag>
          </div>
        );
      })}
    </div>
  );
}

/** "N fields instead of M, K uploads instead of L": what one application saves over separate ones. */
export function CountsFigure({ counts }: { counts: JointChecklist['counts'] }) {
  const { t } = useT();
  return (
    <div data-testid="joint-counts" data-fields-asked={counts.fieldsAsked} data-fields-separate={counts.fieldsSeparate}
      data-materials-asked={counts.materialsAsked} data-materials-separate={counts.materialsSeparate}>
      <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('joint.countsTitle')}</div>
      <div className="ow-joint-counts">
        <div className="ow-joint-count">
          <div className="n" data-testid="joint-fields-asked">{t('joint.countsFields', { n: counts.fieldsAsked })}</div>
          <div className="was">{t('joint.countsFieldsSeparate', { n: counts.fieldsSeparate })}</div>
        </div>
        <div className="ow-joint-count">
          <div className="n" data-testid="joint-materials-asked">{t('joint.countsMaterials', { n: counts.materialsAsked })}</div>
          <div className="was">{t('joint.countsMaterialsSeparate', { n: counts.materialsSeparate })}</div>
        </div>
      </div>
    </div>
  );
}

/** Step 2: the items that apply and the materials, each listed once with the items it serves. */
export function ChecklistStep({ checklist, computing }: { checklist: JointChecklist; computing: boolean }) {
  const { t, pick } = useT();
  const names = useOrgNames();
  return (
    <Spin spinning={computing} description={t('joint.computing')}>
      <div data-testid="joint-checklist" data-items={checklist.items.length} data-materials={checklist.materials.length}>
        <CountsFigure counts={checklist.counts} />
        <h3 style={{ margin: '20px 0 8px' }}>{t('joint.sec.items')}</h3>
        <Row gutter={[12, 0]}>
          {checklist.items.map((it, i) => (
            <Col key={it.itemId} xs={24} md={12} lg={8}>
              <div className="ow-material-card" data-testid="joint-checklist-item" data-item-id={it.itemId} style={{ height: 'calc(100% - 8px)', boxSizing: 'border-box' }}>
                <div className="ow-material-card-title" style={{ flexWrap: 'wrap' }}>
                  <strong style={{ wordBreak: 'break-word' }}>{i + 1}. {pick(it.name, it.nameEn)}</strong>
                </div>
                <dl>
                  <dt>{t('joint.col.department')}</dt><dd data-testid="joint-checklist-item-department">{names.department(it.departmentName, it.departmentId)}</dd>
                  <dt>{t('joint.col.promised')}</dt><dd>{t('common.workdays', { n: it.promisedDays })}</dd>
                </dl>
              </div>
            </Col>
          ))}
        </Row>
        <h3 style={{ margin: '20px 0 8px' }}>{t('joint.sec.materials')}</h3>
        {checklist.materials.length === 0 ? <p className="ow-muted">{t('joint.noMaterials')}</p> : null}
        {checklist.materials.map((m, i) => (
          <div key={m.key} className="ow-material-card" data-testid="joint-checklist-material" data-key={m.key} data-items={unique(m.items).length}>
            <div className="ow-material-card-title" style={{ flexWrap: 'wrap', alignItems: 'center' }}>
              <strong style={{ wordBreak: 'break-word' }}>{i + 1}. {m.name}</strong>
              <Tag color={m.requirement === 'required' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'requirement', m.requirement)}</Tag>
              {m.eLicenceAccepted ? <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('apply.eLicence')}</Tag> : null}
            </div>
            <div className="ow-muted">
              {m.copies > 0 ? t('apply.copies', { ooc: enumLabel(t, 'ooc', m.originalOrCopy), n: m.copies }) : enumLabel(t, 'ooc', m.originalOrCopy)}
              {m.condition ? <> · {t('apply.condition', { c: m.condition })}</> : null}
            </div>
            <div style={{ fontSize: 13, marginTop: 2 }} data-testid="joint-checklist-material-items">{t('joint.serves', { items: unique(m.items).join(t('common.listSep')) })}</div>
            {m.producedWithin?.length ? <div style={{ fontSize: 13, marginTop: 2, color: '#237804' }} data-testid="joint-checklist-material-produced">{t('joint.producedWithin', { items: m.producedWithin.join(t('common.listSep')) })}</div> : null}
          </div>
        ))}
      </div>
    </Spin>
  );
}
