import { badRequest } from '../../lib/errors.ts';
import type { FormField, ItemContent } from '../items/items.schemas.ts';

/**
 * The application form of an item version: contact fields every case has, then the item's own
 * fields (or one free-text description when the item defines none). The same definition checks
 * what is submitted, so the portal, the counter and the API agree.
 */
export const COMMON_FIELDS: FormField[] = [
  { key: 'contactName', label: '联系人', labelEn: 'Contact person', type: 'text', required: true },
  { key: 'contactPhone', label: '联系电话', labelEn: 'Contact phone', type: 'text', required: true },
  { key: 'address', label: '联系地址', labelEn: 'Address', type: 'text', required: false },
];
const FALLBACK: FormField[] = [{ key: 'summary', label: '申请事项说明', labelEn: 'What you apply for', type: 'textarea', required: true }];

export function formFieldsOf(content: ItemContent): FormField[] {
  return [...COMMON_FIELDS, ...(content.formFields?.length ? content.formFields : FALLBACK)];
}

export function formView(fields: FormField[]) {
  return fields.map((f) => ({
    key: f.key,
    label: { zh: f.label, en: f.labelEn ?? f.label },
    type: f.type,
    required: f.required,
    ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: { zh: o.label, en: o.labelEn ?? o.label } })) } : {}),
  }));
}

const invalid = (f: FormField, zh: string, en: string) =>
  badRequest('FORM_FIELD_INVALID', { zh: `「${f.label}」${zh}`, en: `${f.labelEn ?? f.key}: ${en}` }, `form.${f.key}`);

/** Checks a submitted form against the fields; returns it trimmed, refuses unknown keys. */
export function checkForm(fields: FormField[], form: Record<string, string>): Record<string, string> {
  const known = new Map(fields.map((f) => [f.key, f]));
  const unknown = Object.keys(form).find((k) => !known.has(k));
  if (unknown) throw badRequest('FORM_FIELD_UNKNOWN', { zh: `表单没有字段「${unknown}」`, en: `The form has no field "${unknown}"` }, `form.${unknown}`);
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = (form[f.key] ?? '').trim();
    if (!v) {
      if (f.required) throw invalid(f, '为必填项', 'is required');
      continue;
    }
    if (v.length > (f.type === 'textarea' ? 4000 : 500)) throw invalid(f, '过长', 'is too long');
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw invalid(f, '应为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
    if (f.type === 'number' && !Number.isFinite(Number(v))) throw invalid(f, '应为数字', 'must be a number');
    if (f.type === 'select' && !f.options?.some((o) => o.value === v)) throw invalid(f, '不是可选的值', 'is not one of the options');
    out[f.key] = v;
  }
  return out;
}
