import type { ItemContent, Material, ProcedureStep, SpecialProcedure } from '../../api/models';

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
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const opt = (v: unknown) => {
  const s = str(v);
  return s ? s : undefined;
};
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Builds the API's content from the form: blanks dropped, optional fields left out when empty. */
export function toContent(v: ContentFormValues): ItemContent {
  const out: ItemContent = {
    name: str(v.name),
    nameEn: opt(v.nameEn),
    legalBasis: (v.legalBasis ?? []).map(str).filter(Boolean),
    conditions: (v.conditions ?? []).map(str).filter(Boolean),
    materials: (v.materials ?? []).map((m) => {
      const r: Material = {
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
      const source = opt(m.source);
      if (source) r.source = source;
      const spec = opt(m.specification);
      if (spec) r.specification = spec;
      if (m.templateFileId) r.templateFileId = m.templateFileId;
      if (m.sampleFileId) r.sampleFileId = m.sampleFileId;
      return r;
    }),
    procedure: (v.procedure ?? []).map((s) => {
      const r: ProcedureStep = { name: str(s.name), description: str(s.description) };
      if (s.role) r.role = s.role;
      const w = num(s.workdays);
      if (w !== undefined) r.workdays = w;
      return r;
    }),
    statutoryLimitDays: num(v.statutoryLimitDays) ?? 0,
    promisedLimitDays: num(v.promisedLimitDays) ?? 0,
    specialProcedures: (v.specialProcedures ?? []).map((s) => {
      const r: SpecialProcedure = { kind: s.kind, description: str(s.description) };
      const w = num(s.maxWorkdays);
      if (w !== undefined) r.maxWorkdays = w;
      return r;
    }),
    fees: (v.fees ?? []).map((f) => ({ item: str(f.item), standard: str(f.standard), basis: str(f.basis) })),
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
  if (out.nameEn === undefined) delete out.nameEn;
  if (out.notInHallApproval === undefined) delete out.notInHallApproval;
  return out;
}
