import { errors } from '../../lib/errors.ts';
import type { FormProblem } from '../../lib/errors.catalog.ts';
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

const invalid = (f: FormField, problem: FormProblem) =>
  errors.FORM_FIELD_INVALID({ label: f.label, labelEn: f.labelEn ?? f.key, problem, field: `form.${f.key}` });

/** Checks a submitted form against the fields; returns it trimmed, refuses unknown keys. */
export function checkForm(fields: FormField[], form: Record<string, string>): Record<string, string> {
  const known = new Map(fields.map((f) => [f.key, f]));
  const unknown = Object.keys(form).find((k) => !known.has(k));
  if (unknown) throw errors.FORM_FIELD_UNKNOWN({ key: unknown, field: `form.${unknown}` });
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = (form[f.key] ?? '').trim();
    if (!v) {
      if (f.required) throw invalid(f, 'required');
      continue;
    }
    if (v.length > (f.type === 'textarea' ? 4000 : 500)) throw invalid(f, 'too_long');
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw invalid(f, 'date');
    if (f.type === 'number' && !Number.isFinite(Number(v))) throw invalid(f, 'number');
    if (f.type === 'select' && !f.options?.some((o) => o.value === v)) throw invalid(f, 'option');
    out[f.key] = v;
  }
  return out;
}
