import { useCallback, useEffect, useRef, useState } from 'react';
import dayjs from 'dayjs';
import { Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Progress, Row, Select, Tag, Upload } from 'antd';
import { CloseOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { fileUrl, toApiError, uploadWithProgress, type ApiError } from '../../api/client';
import type { FormFieldDef, FormMaterialDef, ItemForm } from '../../api/models';
import { enumLabel, formatSize } from '../labels';
import { WalletPicker } from '../licences/WalletPicker';

export interface UploadedEntry { id: string; name: string; size: number }
export interface ApplicationValues {
  form?: Record<string, string | undefined>;
  materials?: Record<string, UploadedEntry[] | undefined>;
  /** A material that accepts an e-licence, named by the applicant instead of uploaded. */
  eLicences?: Record<string, ELicenceChoice | undefined>;
}
export interface ELicenceChoice { use?: boolean; licenceId?: string; type?: string; number?: string; consent?: boolean }

type MaterialRef = { key: string; fileId: string } | { key: string; eLicence: { type: string; number: string; consent: true } };

/** The body parts of POST /api/cases from the form's values. */
export function toSubmission(values: ApplicationValues, def: ItemForm) {
  const form: Record<string, string> = {};
  for (const f of def.fields) {
    const v = values.form?.[f.key];
    if (v !== undefined && v !== null && String(v).trim() !== '') form[f.key] = String(v).trim();
  }
  const materials: MaterialRef[] = [];
  for (const m of def.materials) {
    const licence = values.eLicences?.[m.key];
    // The e-licence stands in for the upload (API: a material is a file or an e-licence, never both).
    // Issue 12: a licence picked from the wallet, with the applicant's consent to this use.
    if (m.eLicenceAccepted && licence?.use && licence.type?.trim() && licence.number?.trim() && licence.consent) {
      materials.push({ key: m.key, eLicence: { type: licence.type.trim(), number: licence.number.trim(), consent: true } });
      continue;
    }
    for (const file of values.materials?.[m.key] ?? []) materials.push({ key: m.key, fileId: file.id });
  }
  return { form, materials };
}

export const ACCEPTED_TYPES = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

/** The item's generated form fields, named ['form', key]; test ids `{prefix}-field-{key}`. */
export function GeneratedFields({ fields, prefix }: { fields: FormFieldDef[]; prefix: string }) {
  const i18n = useT();
  const { t, msg } = i18n;
  if (fields.length === 0) return <p className="ow-muted" data-testid={`${prefix}-no-fields`}>{t('apply.noFields')}</p>;
  return (
    <Row gutter={16}>
      {fields.map((f) => {
        const label = msg(f.label);
        const id = `${prefix}-field-${f.key}`;
        const rules = f.required
          ? [{ required: true, whitespace: true, message: f.type === 'select' || f.type === 'date' ? t('apply.selectRequired', { label }) : t('apply.required', { label }) }]
          : [];
        const common = { name: ['form', f.key], label, rules };
        return <Col key={f.key} xs={24} md={f.type === 'textarea' ? 24 : 12}>{control(f, common, id, i18n)}</Col>;
      })}
    </Row>
  );
}

type Common = { name: string[]; label: string; rules: { required: boolean; whitespace: boolean; message: string }[] };

function control(f: FormFieldDef, common: Common, id: string, t: ReturnType<typeof useT>) {
  switch (f.type) {
    case 'textarea':
      return <Form.Item {...common}><Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} data-testid={id} /></Form.Item>;
    case 'date':
      return (
        <Form.Item {...common}
          getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
          normalize={(d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : '')}>
          <DatePicker style={{ width: '100%' }} data-testid={id} />
        </Form.Item>
      );
    case 'number':
      return <Form.Item {...common}><InputNumber<string> stringMode style={{ width: '100%' }} data-testid={id} /></Form.Item>;
    case 'select':
      return (
        <Form.Item {...common}>
          <Select data-testid={id} allowClear placeholder={t.t('af.reqSelect')}
            options={(f.options ?? []).map((o) => ({ value: o.value, label: t.msg(o.label) }))} />
        </Form.Item>
      );
    default:
      return <Form.Item {...common}><Input maxLength={500} data-testid={id} /></Form.Item>;
  }
}

interface Pending { uid: string; name: string; percent: number }

/** Upload control of one material: several files, progress while uploading, server refusals shown inline. */
function MaterialUpload({ value, onChange, testid, onUploading }: {
  value?: UploadedEntry[];
  onChange?: (v: UploadedEntry[]) => void;
  testid: string;
  onUploading: (n: number) => void;
}) {
  const { t, msg } = useT();
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  // Several uploads finish in any order: keep the latest list outside React's batching.
  const latest = useRef<UploadedEntry[]>(value ?? []);
  latest.current = value ?? [];
  useEffect(() => onUploading(pending.length), [pending.length, onUploading]);
  const files = value ?? [];

  return (
    <div data-testid={testid} data-file-count={files.length} data-file-id={files[0]?.id ?? ''} data-file-ids={files.map((f) => f.id).join(',')}
      data-uploading={pending.length}>
      {files.map((f) => (
        <div key={f.id} style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}>
          <a href={fileUrl(f.id)} target="_blank" rel="noreferrer" data-testid={`${testid}-file`} data-file-id={f.id}
            style={{ wordBreak: 'break-all', minWidth: 0 }}>
            <PaperClipOutlined /> {f.name} <span className="ow-muted">({formatSize(f.size)})</span>
          </a>
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('apply.removeFile')} data-testid={`${testid}-remove`}
            onClick={() => onChange?.(files.filter((x) => x.id !== f.id))} />
        </div>
      ))}
      {pending.map((p) => (
        <div key={p.uid} data-testid={`${testid}-progress`} style={{ maxWidth: 360 }}>
          <span className="ow-muted" style={{ wordBreak: 'break-all' }}>{t('apply.uploading')} {p.name}</span>
          <Progress percent={p.percent} size="small" />
        </div>
      ))}
      {error ? (
        <div data-testid={`${testid}-error`} data-code={error.code} style={{ color: '#ff4d4f', fontSize: 13 }}>{msg(error.messages)}</div>
      ) : null}
      <Upload
        showUploadList={false}
        multiple
        accept={ACCEPTED_TYPES}
        customRequest={({ file, onSuccess, onError }) => {
          const f = file as File & { uid: string };
          setError(null);
          setPending((ps) => [...ps, { uid: f.uid, name: f.name, percent: 0 }]);
          uploadWithProgress('/api/files', f, (percent) =>
            setPending((ps) => ps.map((p) => (p.uid === f.uid ? { ...p, percent } : p)))).then(
            (res) => {
              const next = [...latest.current, { id: res.id, name: res.name, size: res.size }];
              latest.current = next;
              onChange?.(next);
              setPending((ps) => ps.filter((p) => p.uid !== f.uid));
              onSuccess?.(res);
            },
            (e: unknown) => {
              const err = toApiError(e);
              setError(err);
              setPending((ps) => ps.filter((p) => p.uid !== f.uid));
              onError?.(err);
            },
          );
        }}
      >
        <Button icon={<UploadOutlined />} style={{ marginTop: 4 }} data-testid={`${testid}-button`}>
          {files.length ? t('apply.uploadMore') : t('apply.upload')}
        </Button>
      </Upload>
    </div>
  );
}

/** Reports how many uploads are running across all materials. */
export function useUploadCounter() {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const report = useCallback((key: string, n: number) => setCounts((c) => (c[key] === n ? c : { ...c, [key]: n })), []);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { total, report };
}

/** What a material row needs; a case's own materials lack the guide's details. */
export type MaterialLike = Pick<FormMaterialDef, 'key' | 'name' | 'requirement'> & Partial<FormMaterialDef> & {
  reason?: string;
  /** A joint matter's material: the names of the items this one upload stands for. */
  items?: string[];
  /** A joint matter's material that a prerequisite item of the matter issues: nothing to upload. */
  producedWithin?: string[];
};

/** The materials checklist with one upload per material, named ['materials', key]; test ids `{prefix}-material-{key}`. */
export function MaterialUploads({ materials, prefix, onUploading, only, eLicence }: {
  materials: MaterialLike[];
  prefix: string;
  onUploading: (key: string, n: number) => void;
  /** Limit to these keys and make each required (supplement round). */
  only?: string[];
  /** Offer "use my e-licence" for a material that accepts one (the online application). */
  eLicence?: boolean;
}) {
  const { t } = useT();
  const shown = only ? materials.filter((m) => only.includes(m.key)) : materials;
  if (shown.length === 0) return <p className="ow-muted" data-testid={`${prefix}-no-materials`}>{t('apply.noMaterials')}</p>;
  return (
    <div>
      {shown.map((m, i) => (
        <MaterialRow key={m.key} m={m} index={i} prefix={prefix} required={only ? true : m.requirement === 'required' && !m.producedWithin?.length} onUploading={onUploading}
          eLicence={!!eLicence && !!m.eLicenceAccepted} />
      ))}
      <div className="ow-muted">{t('apply.fileTypes')}</div>
    </div>
  );
}

function MaterialRow({ m, index, prefix, required, onUploading, eLicence }: {
  m: MaterialLike;
  index: number;
  prefix: string;
  required: boolean;
  onUploading: (key: string, n: number) => void;
  eLicence: boolean;
}) {
  const { t } = useT();
  const form = Form.useFormInstance<ApplicationValues>();
  const useLicence = Form.useWatch(['eLicences', m.key, 'use'], form) as boolean | undefined;
  const report = useCallback((n: number) => onUploading(m.key, n), [onUploading, m.key]);
  return (
    <div className="ow-material-card" data-testid={`${prefix}-material-row`} data-key={m.key} data-required={required ? 'true' : 'false'}>
      <div className="ow-material-card-title" style={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <strong style={{ wordBreak: 'break-word' }}>{index + 1}. {m.name}</strong>
        <Tag color={m.requirement === 'required' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'requirement', m.requirement)}</Tag>
        {m.eLicenceAccepted ? <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('apply.eLicence')}</Tag> : null}
      </div>
      <div className="ow-muted" style={{ marginBottom: 4 }}>
        {m.originalOrCopy ? t('apply.copies', { ooc: enumLabel(t, 'ooc', m.originalOrCopy), n: m.copies ?? 1 }) : null}
        {m.condition ? <> · {t('apply.condition', { c: m.condition })}</> : null}
        {m.templateFileId ? (
          <> · <a href={fileUrl(m.templateFileId)} target="_blank" rel="noreferrer" data-testid={`${prefix}-template-${m.key}`}><DownloadOutlined /> {t('apply.template')}</a></>
        ) : null}
      </div>
      {m.items?.length ? <div className="ow-muted" style={{ marginBottom: 4 }} data-testid={`${prefix}-material-${m.key}-items`}>{t('joint.serves', { items: m.items.join(t('common.listSep')) })}</div> : null}
      {m.reason ? <div style={{ color: '#d46b08', marginBottom: 4 }}>{t('case.mat.reason')}: {m.reason}</div> : null}
      {eLicence ? (
        <Form.Item name={['eLicences', m.key, 'use']} valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid={`${prefix}-material-${m.key}-use-elicence`}>{t('apply.useELicence')}</Checkbox>
        </Form.Item>
      ) : null}
      {eLicence && useLicence ? (
        <WalletPicker materialKey={m.key} materialName={m.name} types={m.eLicenceTypes ?? []} prefix={prefix} />
      ) : m.producedWithin?.length ? (
        <div style={{ marginBottom: 8 }} data-testid={`${prefix}-material-${m.key}-produced`}>{t('joint.producedWithin', { items: m.producedWithin.join(t('common.listSep')) })}</div>
      ) : (
      <Form.Item
        name={['materials', m.key]}
        style={{ marginBottom: 8 }}
        rules={required ? [{ validator: (_r, v: UploadedEntry[] | undefined) => (v && v.length ? Promise.resolve() : Promise.reject(new Error(t('apply.materialRequired', { name: m.name })))) }] : []}
      >
        <MaterialUpload testid={`${prefix}-material-${m.key}`} onUploading={report} />
      </Form.Item>
      )}
    </div>
  );
}

