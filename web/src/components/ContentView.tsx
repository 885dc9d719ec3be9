import type { ReactNode } from 'react';
import { Table, Tag } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import type { FileInfo, ItemContent, Material } from '../api/models';
import { fileUrl } from '../api/client';
import { enumLabel, formatSize } from './labels';

// Kept here for the pages that import them with the content view; small pages import ./EmptyBlock (no Table).
export { EmptyBlock, Muted } from './EmptyBlock';

/** The ten public items (十项公开内容), in the order of the provincial rules. */
export const TEN_SECTIONS = [
  'name', 'basis', 'procedure', 'conditions', 'materials', 'limits', 'progress', 'fee-items', 'fee-standards', 'fee-basis',
] as const;
export type TenSection = (typeof TEN_SECTIONS)[number];

export const SECTION_KEY = {
  name: 'guide.sec.name',
  basis: 'guide.sec.basis',
  procedure: 'guide.sec.procedure',
  conditions: 'guide.sec.conditions',
  materials: 'guide.sec.materials',
  limits: 'guide.sec.limits',
  progress: 'guide.sec.progress',
  'fee-items': 'guide.sec.feeItems',
  'fee-standards': 'guide.sec.feeStandards',
  'fee-basis': 'guide.sec.feeBasis',
} as const;

function Section({ id, index, title, children }: { id: TenSection; index: number; title: string; children: ReactNode }) {
  return (
    <section className="ow-section" data-testid={`guide-section-${id}`} id={`sec-${id}`}>
      <h3 className="ow-section-title">
        <span className="ow-section-no">{index}</span>
        {title}
      </h3>
      <div className="ow-section-body">{children}</div>
    </section>
  );
}

function FileLink({ id, files, kind, testid, detailed }: { id?: string; files?: Record<string, FileInfo>; kind: string; testid: string; detailed: boolean }) {
  if (!id) return null;
  const f = files?.[id];
  return (
    <a href={fileUrl(id)} download={f?.name} data-testid={testid} className="ow-file-link" title={f?.name}>
      <DownloadOutlined /> {kind}
      {f && detailed ? <span className="ow-muted"> ({f.name}{f.size ? `, ${formatSize(f.size)}` : ''})</span> : null}
    </a>
  );
}

function MaterialsView({ materials, files, mode }: { materials: Material[]; files?: Record<string, FileInfo>; mode: 'table' | 'cards' }) {
  const { t } = useT();
  if (materials.length === 0) return <p data-testid="materials-none">{t('guide.noMaterials')}</p>;

  const requirement = (m: Material) =>
    m.requirement === 'required' ? (
      <Tag color="red">{t('requirement.required')}</Tag>
    ) : (
      <span>
        <Tag color="orange">{t('requirement.conditional')}</Tag>
        {m.condition ? <div className="ow-muted" data-testid="material-condition">{m.condition}</div> : null}
      </span>
    );
  const eLicence = (m: Material) =>
    m.eLicenceAccepted ? (
      <span style={{ color: '#237804' }}><CheckCircleOutlined /> {t('guide.eLicenceYes')}</span>
    ) : (
      <span className="ow-muted">{t('guide.eLicenceNo')}</span>
    );
  const links = (m: Material) =>
    m.templateFileId || m.sampleFileId ? (
      <div className="ow-file-links">
        <FileLink id={m.templateFileId} files={files} kind={t('guide.mat.template')} testid="material-template-link" detailed={mode === 'cards'} />
        <FileLink id={m.sampleFileId} files={files} kind={t('guide.mat.sample')} testid="material-sample-link" detailed={mode === 'cards'} />
      </div>
    ) : (
      <span className="ow-muted">{t('common.none')}</span>
    );
  const nameCell = (m: Material, withForm = false) => (
    <div>
      <div style={{ fontWeight: 500 }}>{m.name}</div>
      {m.nameEn ? <div className="ow-muted" lang="en" data-testid="material-name-en">{m.nameEn}</div> : null}
      {withForm ? <div className="ow-muted">{t('guide.mat.form')}: {enumLabel(t, 'form', m.form)}</div> : null}
      {m.specification ? <div className="ow-muted">{t('guide.mat.spec')}: {m.specification}</div> : null}
      {m.source ? <div className="ow-muted">{t('guide.mat.source')}: {m.source}</div> : null}
    </div>
  );

  if (mode === 'cards') {
    return (
      <div className="ow-material-cards">
        {materials.map((m, i) => (
          <div key={m.key} className="ow-material-card" data-testid="material-row" data-key={m.key}>
            <div className="ow-material-card-title"><FileTextOutlined /> <span className="ow-nowrap" data-testid="material-no">{i + 1}.</span> {nameCell(m)}</div>
            <dl>
              <dt>{t('guide.mat.originalOrCopy')}</dt><dd>{enumLabel(t, 'ooc', m.originalOrCopy)}</dd>
              <dt>{t('guide.mat.copies')}</dt><dd>{m.copies}</dd>
              <dt>{t('guide.mat.form')}</dt><dd>{enumLabel(t, 'form', m.form)}</dd>
              <dt>{t('guide.mat.requirement')}</dt><dd>{requirement(m)}</dd>
              <dt>{t('guide.mat.eLicence')}</dt><dd>{eLicence(m)}</dd>
              <dt>{t('guide.mat.files')}</dt><dd>{links(m)}</dd>
            </dl>
          </div>
        ))}
      </div>
    );
  }

  return (
    <div style={{ overflowX: 'auto' }}>
    <Table<Material>
      size="small"
      bordered
      pagination={false}
      rowKey="key"
      dataSource={materials}
      onRow={(m) => ({ 'data-testid': 'material-row', 'data-key': m.key }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('common.index'), key: 'no', width: 48, render: (_v, _m, i) => i + 1 },
        { title: t('guide.mat.name'), key: 'name', render: (_v, m) => nameCell(m, true) },
        { title: t('guide.mat.originalOrCopy'), key: 'ooc', width: 110, render: (_v, m) => enumLabel(t, 'ooc', m.originalOrCopy) },
        { title: t('guide.mat.copies'), dataIndex: 'copies', key: 'copies', width: 64 },
        { title: t('guide.mat.requirement'), key: 'req', width: 120, render: (_v, m) => requirement(m) },
        { title: t('guide.mat.eLicence'), key: 'el', width: 120, render: (_v, m) => eLicence(m) },
        { title: t('guide.mat.files'), key: 'files', width: 130, render: (_v, m) => links(m) },
      ]}
    />
    </div>
  );
}

function List({ items, testid }: { items: string[]; testid: string }) {
  return (
    <ol className="ow-ol" data-testid={testid}>
      {items.map((x, i) => <li key={i}>{x}</li>)}
    </ol>
  );
}

/** Renders the ten public items of one version's content. */
export function ContentView({ content, files, materialsMode = 'table' }: {
  content: ItemContent;
  files?: Record<string, FileInfo>;
  materialsMode?: 'table' | 'cards';
}) {
  const { t } = useT();
  const fees = content.fees ?? [];
  const free = <p data-testid="fee-free"><Tag color="green">{t('guide.free')}</Tag></p>;
  const title = (id: TenSection) => t(SECTION_KEY[id]);
  const special = content.specialProcedures ?? [];
  const n = (id: TenSection) => TEN_SECTIONS.indexOf(id) + 1;

  return (
    <div className="ow-ten" data-testid="guide-ten-items">
      <Section id="name" index={n('name')} title={title('name')}>
        <p style={{ fontSize: 16, fontWeight: 600 }} data-testid="guide-item-name">{content.name}</p>
        {content.nameEn ? <p className="ow-muted" data-testid="guide-item-name-en">{content.nameEn}</p> : null}
      </Section>

      <Section id="basis" index={n('basis')} title={title('basis')}>
        <List items={content.legalBasis} testid="guide-basis-list" />
      </Section>

      <Section id="procedure" index={n('procedure')} title={title('procedure')}>
        <ol className="ow-steps">
          {content.procedure.map((s, i) => (
            <li key={i} data-testid="procedure-step">
              <div className="ow-step-head">
                <span className="ow-step-no">{i + 1}</span>
                <strong>{s.name}</strong>
                {s.nameEn ? <span className="ow-muted" lang="en" style={{ marginInlineStart: 8 }}>{s.nameEn}</span> : null}
                {s.role ? <Tag style={{ marginInlineStart: 8 }}>{enumLabel(t, 'stepRole', s.role)}</Tag> : null}
                {s.workdays !== undefined && s.workdays !== null ? (
                  <span className="ow-muted" style={{ marginInlineStart: 8 }}>{t('common.workdays', { n: s.workdays })}</span>
                ) : null}
              </div>
              {s.description ? <div className="ow-step-desc">{s.description}</div> : null}
            </li>
          ))}
        </ol>
      </Section>

      <Section id="conditions" index={n('conditions')} title={title('conditions')}>
        <List items={content.conditions} testid="guide-conditions-list" />
        {content.conditionsEn?.length ? <div lang="en" className="ow-muted"><List items={content.conditionsEn} testid="guide-conditions-en" /></div> : null}
      </Section>

      <Section id="materials" index={n('materials')} title={title('materials')}>
        <MaterialsView materials={content.materials} files={files} mode={materialsMode} />
      </Section>

      <Section id="limits" index={n('limits')} title={title('limits')}>
        <dl className="ow-dl">
          <dt>{t('guide.statutory')}</dt>
          <dd data-testid="guide-statutory-days">{t('common.workdays', { n: content.statutoryLimitDays })}</dd>
          <dt>{t('guide.promised')}</dt>
          <dd data-testid="guide-promised-days">{t('common.workdays', { n: content.promisedLimitDays })}</dd>
          <dt>{t('guide.mode')}</dt>
          <dd data-testid="guide-mode">{enumLabel(t, 'mode', content.processingMode)}</dd>
          <dt>{t('guide.specialProcedures')}</dt>
          <dd data-testid="guide-special-procedures">
            {special.length === 0 ? t('common.none') : (
              <ul className="ow-ul">
                {special.map((sp, i) => (
                  <li key={i}>
                    <strong>{enumLabel(t, 'special', sp.kind)}</strong>: {sp.description}
                    {sp.maxWorkdays ? <span className="ow-muted"> ({t('guide.maxWorkdays', { n: sp.maxWorkdays })})</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
        <p className="ow-muted" style={{ marginTop: 8 }}>{t('guide.limitsNote')}</p>
      </Section>

      <Section id="progress" index={n('progress')} title={title('progress')}>
        <p data-testid="guide-progress">{content.progressQuery || t('guide.progressDefault')}</p>
      </Section>

      <Section id="fee-items" index={n('fee-items')} title={title('fee-items')}>
        {fees.length === 0 ? free : <List items={fees.map((f) => f.item)} testid="guide-fee-items" />}
      </Section>
      <Section id="fee-standards" index={n('fee-standards')} title={title('fee-standards')}>
        {fees.length === 0 ? free : <List items={fees.map((f) => `${f.item}: ${f.standard}`)} testid="guide-fee-standards" />}
      </Section>
      <Section id="fee-basis" index={n('fee-basis')} title={title('fee-basis')}>
        {fees.length === 0 ? free : <List items={fees.map((f) => `${f.item}: ${f.basis}`)} testid="guide-fee-basis" />}
      </Section>
    </div>
  );
}
