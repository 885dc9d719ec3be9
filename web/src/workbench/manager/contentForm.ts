import type { ItemContent, Material, ProcedureStep, SpecialProcedure } from '../../api/models';
import { toFee } from './feeStandardForm';

/** What the editor's form holds under `content`: ItemContent with inputs that may be blank. */
export type ContentFormValues = Omit<ItemContent, 'materials' | 'procedure' | 'specialProcedures' | 'handledInDepartment'> & {
  materials: (Omit<Material, 'copies'> & { copies: number | null })[];
  procedure: (Omit<ProcedureStep, 'workdays' | 'role'> & { workdays?: number | null; role?: ProcedureStep['role'] | null })[];
  specialProcedures: (Omit<SpecialProcedure, 'maxWorkdays'> & { maxWorkdays?: number | null })[];
  /** 退回部门办理件: the switch; its limits are in `handledInDepartment` (blank: the center's settings). */
  inDepartment?: boolean;
  handledInDepartment?: { toDepartmentDays?: number | null; toHallDays?: number | null };
};

export function newMaterialKey(existing: string[] = []): string {
  for (;;) {
    const k = `m${Math.random().toString(36).slice(2, 8)}`;
    if (!existing.includes(k)) return k;
  }
}

export function emptyMaterial(existing: string[] = []): ContentFormValues['materials'][number] {
  return {
    key: newMaterialKey(existing), name: '', form: 'both', originalOrCopy: 'original', copies: 1,
    requirement: 'required', eLicenceAccepted: false,
  };
}

export function emptyContent(): ContentFormValues {
  return {
    name: '', nameEn: '', legalBasis: [''], conditions: [''], materials: [],
    procedure: [{ name: '', description: '' }],
    statutoryLimitDays: 20, promisedLimitDays: 10, specialProcedures: [], fees: [],
    processingMode: 'promised', visits: 1, online: true, inHall: true, notInHallApproval: '',
    audiences: ['person'], themes: [], lifeEvents: [],
    acceptanceLocation: '', consultPhone: '', complaintPhone: '', progressQuery: '', result: '',
  };
}

export function toFormValues(c: ItemContent): ContentFormValues {
  return {
    ...emptyContent(),
    ...c,
    nameEn: c.nameEn ?? '',
    notInHallApproval: c.notInHallApproval ?? '',
    legalBasis: c.legalBasis.length ? [...c.legalBasis] : [''],
    conditions: c.conditions.length ? [...c.conditions] : [''],
    materials: c.materials.map((m) => ({ ...m })),
    procedure: c.procedure.map((s) => ({ ...s, description: s.description ?? '' })),
    specialProcedures: (c.specialProcedures ?? []).map((s) => ({ ...s })),
    fees: (c.fees ?? []).map((f) => ({ ...f })),
    themes: [...(c.themes ?? [])],
    lifeEvents: [...(c.lifeEvents ?? [])],
    inDepartment: !!c.handledInDepartment,
    handledInDepartment: { ...(c.handledInDepartment ?? {}) },
    acrossRegions: c.acrossRegions ?? 'none',
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const opt = (v: unknown) => {
  const s = str(v);
  return s ? s : undefined;
};
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The fields the editor owns. A saved field outside these lists (reportTo, a material's requiredWhen
 * or eLicenceTypes, a special procedure's legalBasis, …) has no input: toContent carries it over
 * from the loaded content unchanged, so saving never erases what the manager could not see.
 */
const EDITED_TOP = [
  'name', 'nameEn', 'legalBasis', 'conditions', 'materials', 'procedure', 'statutoryLimitDays', 'promisedLimitDays',
  'specialProcedures', 'fees', 'processingMode', 'visits', 'online', 'inHall', 'notInHallApproval', 'audiences',
  'themes', 'lifeEvents', 'acceptanceLocation', 'consultPhone', 'complaintPhone', 'progressQuery', 'result',
  'formFields', 'handledInDepartment', 'acrossRegions',
] as const;
const EDITED_MATERIAL = [
  'key', 'name', 'form', 'originalOrCopy', 'copies', 'requirement', 'eLicenceAccepted', 'condition', 'source',
  'specification', 'templateFileId', 'sampleFileId',
] as const;
const EDITED_SPECIAL = ['kind', 'description', 'legalBasis', 'maxWorkdays'] as const;
const EDITED_STEP = ['name', 'description', 'role', 'workdays'] as const;

/** `o` without the keys the editor owns (and without the form's own helper keys). */
function kept<T extends object>(o: T | undefined, edited: readonly string[]): Partial<T> {
  if (!o) return {};
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) {
    if (!edited.includes(k) && k !== 'inDepartment' && val !== undefined) out[k] = val;
  }
  return out as Partial<T>;
}

/**
 * Builds the API's content from the form: blanks dropped, optional fields left out when empty.
 * `base` is the content the form was loaded from: every field the editor has no input for is kept
 * from it (a material matched by its key); the edited fields are laid over it.
 */
export function toContent(v: ContentFormValues, base?: ItemContent): ItemContent {
  const baseMaterials = new Map((base?.materials ?? []).map((m) => [m.key, m]));
  const out: ItemContent = {
    ...kept(base, EDITED_TOP),
    ...kept(v as Partial<ItemContent>, EDITED_TOP),
    name: str(v.name),
    nameEn: opt(v.nameEn),
    legalBasis: (v.legalBasis ?? []).map(str).filter(Boolean),
    conditions: (v.conditions ?? []).map(str).filter(Boolean),
    materials: (v.materials ?? []).map((m) => {
      const r: Material = {
        // The row keeps what toFormValues put in it; the loaded material fills in the rest.
        ...kept(baseMaterials.get(m.key), EDITED_MATERIAL),
        ...kept(m as Partial<Material>, EDITED_MATERIAL),
        key: m.key,
        name: str(m.name),
        form: m.form,
        originalOrCopy: m.originalOrCopy,
        copies: num(m.copies) ?? 0,
        requirement: m.requirement,
        eLicenceAccepted: !!m.eLicenceAccepted,
      };
      const condition = m.requirement === 'conditional' ? opt(m.condition) : undefined;
      if (condition) r.condition = condition;
      // A required material has no condition, in words or as a rule; e-licence types only when accepted.
      if (m.requirement !== 'conditional') delete r.requiredWhen;
      if (!r.eLicenceAccepted) delete r.eLicenceTypes;
      const source = opt(m.source);
      if (source) r.source = source;
      const spec = opt(m.specification);
      if (spec) r.specification = spec;
      if (m.templateFileId) r.templateFileId = m.templateFileId;
      if (m.sampleFileId) r.sampleFileId = m.sampleFileId;
      return r;
    }),
    procedure: (v.procedure ?? []).map((s) => {
      const r: ProcedureStep = { ...kept(s as Partial<ProcedureStep>, EDITED_STEP), name: str(s.name), description: str(s.description) };
      if (s.role) r.role = s.role;
      const w = num(s.workdays);
      if (w !== undefined) r.workdays = w;
      return r;
    }),
    statutoryLimitDays: num(v.statutoryLimitDays) ?? 0,
    promisedLimitDays: num(v.promisedLimitDays) ?? 0,
    specialProcedures: (v.specialProcedures ?? []).map((s, i) => {
      // A special procedure has no key: the loaded one at the same place and of the same kind fills in the rest.
      const prev = base?.specialProcedures?.[i];
      const r: SpecialProcedure = {
        ...kept(prev?.kind === s.kind ? prev : undefined, EDITED_SPECIAL),
        ...kept(s as Partial<SpecialProcedure>, EDITED_SPECIAL),
        kind: s.kind,
        description: str(s.description),
      };
      const legalBasis = opt(s.legalBasis);
      if (legalBasis) r.legalBasis = legalBasis;
      const w = num(s.maxWorkdays);
      if (w !== undefined) r.maxWorkdays = w;
      return r;
    }),
    fees: (v.fees ?? []).map(toFee),
    processingMode: v.processingMode,
    visits: num(v.visits) ?? 0,
    online: !!v.online,
    inHall: !!v.inHall,
    notInHallApproval: v.inHall ? undefined : opt(v.notInHallApproval),
    audiences: [...(v.audiences ?? [])],
    // The server validates the keys (a closed list): the form holds plain strings.
    themes: (v.themes ?? []).map(str).filter(Boolean) as ItemContent['themes'],
    lifeEvents: (v.lifeEvents ?? []).map(str).filter(Boolean) as ItemContent['lifeEvents'],
    acceptanceLocation: str(v.acceptanceLocation),
    consultPhone: str(v.consultPhone),
    complaintPhone: str(v.complaintPhone),
    progressQuery: str(v.progressQuery),
    result: str(v.result),
  };
  if (v.formFields?.length) out.formFields = v.formFields;
  if (v.inDepartment) {
    const toDepartmentDays = num(v.handledInDepartment?.toDepartmentDays);
    const toHallDays = num(v.handledInDepartment?.toHallDays);
    out.handledInDepartment = { ...(toDepartmentDays !== undefined ? { toDepartmentDays } : {}), ...(toHallDays !== undefined ? { toHallDays } : {}) };
  }
  // 通办范围: left out for 'none', the default (docs/network.md).
  if (v.acrossRegions && v.acrossRegions !== 'none') out.acrossRegions = v.acrossRegions;
  if (out.nameEn === undefined) delete out.nameEn;
  if (out.notInHallApproval === undefined) delete out.notInHallApproval;
  return out;
}
