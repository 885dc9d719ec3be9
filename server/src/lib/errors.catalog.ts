/**
 * Every error code the API can answer with, declared once: its HTTP status and its Chinese and
 * English message. A message that names something (a material, a date, a limit) is a function of
 * typed parameters, with an example used by the catalogue's test and docs.
 *
 * Thrown by name through `lib/errors.ts`: `throw errors.MATERIAL_UNKNOWN({ material: bad, field: 'materials' })`.
 * A code not listed here is a type error there, so this file is the one place to look a code up.
 * The web app gets the codes as a typed union generated from this file (`web/src/api/errorCodes.ts`,
 * `npm run gen:error-codes`). Codes are stable: clients and tests compare them; texts may improve.
 *
 * This file imports nothing but types, so the code generator and the tests can load it alone.
 */

/** Level names for messages (issue 17). */
const LEVEL_ZH: Record<string, string> = { national: '国家', province: '省', city: '市', county: '县', township: '乡镇', village: '村' };

export interface Bilingual {
  zh: string;
  en: string;
}

/** Parameter names that would clash with where the error points (`field`) and what it carries (`details`). */
type NoClash = { field?: never; details?: never };

export interface ErrorDef<P> {
  readonly status: number;
  /** Parameters that show the message, for the catalogue's test and docs; undefined when there are none. */
  readonly example: P;
  readonly text: (p: P) => Bilingual;
}

const fixed = (status: number, zh: string, en: string): ErrorDef<void> => ({ status, example: undefined, text: () => ({ zh, en }) });

function withParams<P extends object & NoClash>(status: number, example: P, text: (p: P) => Bilingual): ErrorDef<P> {
  return { status, example, text };
}

const NAMED = {
  // ---------------------------------------------------------------- HTTP and the framework
  NOT_FOUND: withParams<{ what: Bilingual }>(404, { what: { zh: '办件', en: 'Case' } }, ({ what }) => ({ zh: `${what.zh}不存在`, en: `${what.en} not found` })),
  FORBIDDEN: fixed(403, '无权执行此操作', 'You are not allowed to do this'),
  UNAUTHENTICATED: fixed(401, '请先登录', 'Please sign in first'),
  /** A schema check without a code of its own; `rule` is the failing check (zod issue code). */
  VALIDATION_FAILED: withParams<{ path?: string; rule: string; detail: string }>(400, { path: 'name', rule: 'too_small', detail: 'Too small' }, (p) => describeIssue(p)),
  BAD_REQUEST: withParams<{ detail: string }>(400, { detail: 'Unexpected end of JSON input' }, (p) => ({ zh: '请求格式不正确', en: `Malformed request: ${p.detail}` })),
  PAYLOAD_TOO_LARGE: fixed(413, '内容超过大小限制', 'The content is larger than allowed'),
  UNSUPPORTED_MEDIA_TYPE: fixed(415, '不支持的内容类型', 'Unsupported content type'),
  TOO_MANY_REQUESTS: fixed(429, '请求过于频繁，请稍后再试', 'Too many requests, try again later'),
  INTERNAL: fixed(500, '系统内部错误，请稍后重试', 'Internal error, please try again later'),
  /** The database could not be reached or went away (a failover): nothing of the request is kept; send it again. */
  DATABASE_UNAVAILABLE: fixed(503, '服务暂时不可用（数据库正在切换或无法连接），请稍后重试', 'The service is briefly unavailable (the database is switching over or cannot be reached); please try again shortly'),
  /** The request collided with another at the same moment (a deadlock, a serialization conflict, a lock it may not wait for): nothing is kept; send it again. */
  DATABASE_CONTENDED: fixed(503, '有人正在同时办理相同的数据，本次操作未保存，请稍后重试', 'Someone else was changing the same records at the same moment; nothing of this request was kept; please try again'),

  // ---------------------------------------------------------------- accounts and identity numbers
  CSRF_TOKEN_INVALID: fixed(403, '安全令牌缺失或无效，请刷新页面后重试', 'The security token is missing or invalid; reload the page and try again'),
  BAD_CREDENTIALS: fixed(401, '账号或密码错误', 'Wrong account or password'),
  ACCOUNT_LOCKED: withParams<{ until: Date }>(423, { until: new Date('2026-03-02T02:30:00Z') }, ({ until }) => ({
    zh: `登录失败次数过多，账号已锁定至 ${chinaMinute(until)}`,
    en: `Too many failed sign-ins; the account is locked until ${until.toISOString()}`,
  })),
  ACCOUNT_EXISTS: withParams<{ by: 'idNumber' | 'creditCode' }>(409, { by: 'idNumber' }, ({ by }) => (by === 'idNumber'
    ? { zh: '该身份证号码已注册，请直接登录', en: 'An account with this ID number exists already; please sign in' }
    : { zh: '该统一社会信用代码已注册，请直接登录', en: 'An account with this credit code exists already; please sign in' })),
  PASSWORD_WEAK: fixed(400, '密码须至少8位并同时包含字母和数字', 'The password needs at least 8 characters with letters and digits'),
  ID_NUMBER_FORMAT: fixed(400, '身份证号码格式错误：应为17位数字加1位数字或字母X', 'The ID number must be 17 digits followed by a digit or the letter X'),
  ID_NUMBER_REGION: fixed(400, '身份证号码前两位不是有效的省级行政区划代码', 'The first two digits of the ID number are not a valid province code'),
  ID_NUMBER_BIRTH_DATE: fixed(400, '身份证号码中的出生日期无效（不是真实日期、早于1900年或晚于今天）',
    'The birth date in the ID number is not valid (not a real date, before 1900 or in the future)'),
  ID_NUMBER_CHECK_DIGIT: fixed(400, '身份证号码校验位错误', 'The check digit of the ID number is wrong'),
  CREDIT_CODE_FORMAT: fixed(400, '统一社会信用代码格式错误：应为18位，由数字和大写字母（不含I、O、Z、S、V）组成，第3至8位为行政区划代码',
    'The unified social credit code must be 18 characters of digits and capital letters (no I, O, Z, S, V), with a 6-digit region code in positions 3 to 8'),
  CREDIT_CODE_ORG_CODE: fixed(400, '统一社会信用代码中的组织机构代码（第9至17位）校验码错误',
    'The check character of the organisation code (positions 9 to 17) in the unified social credit code is wrong'),
  CREDIT_CODE_CHECK_CHAR: fixed(400, '统一社会信用代码校验码（第18位）错误', 'The check character (position 18) of the unified social credit code is wrong'),

  // ---------------------------------------------------------------- organisation
  WINDOW_NOT_PROXY: fixed(400, '只有综合代办窗口需要指定代办部门', 'Only a proxy window has a list of departments'),
  /** One text for both uses (a staff member's department, an item's implementing department). */
  DEPARTMENT_UNKNOWN: fixed(400, '部门不存在或不属于本中心', 'The department is unknown or not in your center'),
  DEPARTMENT_REQUIRED: fixed(400, '审批人员和首席代表必须属于一个部门', 'Approvers and chief representatives belong to a department'),
  WINDOW_UNKNOWN: fixed(400, '窗口不存在或不属于本中心', 'The window is unknown or not in your center'),
  USERNAME_TAKEN: fixed(409, '用户名已被使用', 'The username is taken'),

  // ---------------------------------------------------------------- files
  MULTIPART_REQUIRED: fixed(400, '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data'),
  FILE_MISSING: fixed(400, '没有收到文件', 'No file was received'),
  FILE_TYPE_REFUSED: fixed(400, '文件类型不允许，仅接受 PDF、Word、Excel、PNG、JPEG', 'File type not allowed: only PDF, Word, Excel, PNG and JPEG'),
  FILE_TOO_LARGE: withParams<{ limitMb: number }>(400, { limitMb: 20 }, ({ limitMb }) => ({
    zh: `文件超过 ${limitMb} MB 上限`, en: `The file is over the ${limitMb} MB limit`,
  })),
  /** A file named in a request (an applicant's material, an item's template) that the caller may not use. */
  FILE_NOT_FOUND: fixed(400, '引用的文件不存在，或不是您可以使用的文件', 'A file named in the request does not exist or is not yours to use'),

  // ---------------------------------------------------------------- the item catalog
  PROMISED_EXCEEDS_STATUTORY: fixed(400, '承诺办结时限不能超过法定办结时限', 'The promised time limit cannot exceed the statutory time limit'),
  NOT_IN_HALL_NEEDS_APPROVAL: fixed(400, '不进驻大厅的事项须填写批准文号', 'An item kept out of the hall needs the reference of its approval'),
  MATERIAL_KEY_DUPLICATE: fixed(400, '材料标识不能重复', 'Material keys must be unique'),
  BASIC_CODE_FORMAT: fixed(400, '事项基本编码格式错误：应为12位数字（区划2位＋类型2位＋主项5位＋子项3位）',
    'The basic code of an item must be 12 digits (region 2 + type 2 + main item 5 + sub-item 3)'),
  BASIC_CODE_TYPE: fixed(400, '事项基本编码第3至4位不是有效的事项类型代码（01–10、20）', 'Positions 3 to 4 of the basic code are not a valid item type (01–10, 20)'),
  IMPLEMENTATION_CODE_FORMAT: fixed(400, '事项实施编码格式错误：应为31位（实施主体统一社会信用代码18位＋层级1位＋基本编码12位）',
    'The implementation code must be 31 characters (credit code 18 + level 1 + basic code 12)'),
  IMPLEMENTATION_CODE_CREDIT_CODE: fixed(400, '事项实施编码前18位不是有效的统一社会信用代码',
    'The first 18 characters of the implementation code are not a valid unified social credit code'),
  IMPLEMENTATION_CODE_LEVEL: fixed(400, '事项实施编码第19位不是有效的行使层级代码（1–6）', 'Position 19 of the implementation code is not a valid level (1–6)'),
  REPORT_NEEDS_REPORTED_MODE: fixed(400, '报送上级决定的事项，办件类型须为上报件', 'An item decided at the level above must have the processing mode "reported"'),
  REPORT_TARGET_UNKNOWN: fixed(400, '报送的上级决定事项不存在', 'The item that decides at the level above does not exist'),
  ITEM_CODE_EXISTS: withParams<{ implementationCode: string }>(409, { implementationCode: '11460100MB0000000X14601010010000' }, ({ implementationCode }) => ({
    zh: `实施编码 ${implementationCode} 已存在`, en: `Implementation code ${implementationCode} exists already`,
  })),
  /** A basic code means one item everywhere: same name and type at every level. */
  BASIC_CODE_OTHER_ITEM: withParams<{ basicCode: string; item: string }>(409, { basicCode: '460103002000', item: '保安服务公司设立许可' }, ({ basicCode, item }) => ({
    zh: `基本编码 ${basicCode} 已对应事项「${item}」；同一基本编码在各层级须是同名、同类型的同一事项，不能用于其他事项`,
    en: `Basic code ${basicCode} already stands for another item (see the Chinese name); a basic code means one item (same name and type) at every level and cannot be reused for another`,
  })),
  /** A local implementation's limits are no longer than its basic item's (and the basic item cannot go below a local one's). */
  BASIC_ITEM_LIMITS: withParams<{ reason: 'LOCAL_ABOVE_BASIC' | 'BASIC_BELOW_LOCAL'; statutory: number; promised: number }>(400, { reason: 'LOCAL_ABOVE_BASIC', statutory: 20, promised: 10 }, ({ reason, statutory, promised }) => (reason === 'LOCAL_ABOVE_BASIC'
    ? { zh: `本地实施的时限不能超过上级基本事项（法定 ${statutory} 个工作日，承诺 ${promised} 个工作日）`, en: `A local implementation's limits cannot exceed its basic item's (statutory ${statutory}, promised ${promised} working days)` }
    : { zh: `基本事项的时限不能短于已有的本地实施（法定 ${statutory} 个工作日，承诺 ${promised} 个工作日）`, en: `The basic item's limits cannot be shorter than a local implementation's (statutory ${statutory}, promised ${promised} working days)` })),
  /** Issue 17: a center defines items of its own level or below; a county cannot make (or remake) the province's basic items. */
  ITEM_LEVEL_ABOVE_CENTER: withParams<{ level: string; centerLevel: string }>(403, { level: 'province', centerLevel: 'county' }, ({ level, centerLevel }) => ({
    zh: `本中心为${LEVEL_ZH[centerLevel] ?? centerLevel}级，不能设立或修改${LEVEL_ZH[level] ?? level}级事项：上级的基本事项由上级中心维护，本级只能实施`,
    en: `A ${centerLevel}-level center cannot create or change a ${level}-level item: the basic items above are kept by the center above; this level implements them`,
  })),
  DRAFT_EXISTS: withParams<{ version: number }>(409, { version: 3 }, ({ version }) => ({
    zh: `已有草稿（第 ${version} 版），请先编辑或放弃它`, en: `Draft version ${version} is open already`,
  })),
  NO_DRAFT: fixed(409, '没有可编辑的草稿：已发布的版本不能修改，请先新建草稿', 'There is no draft to edit: published versions never change; open a new draft first'),
  FIRST_DRAFT: fixed(409, '尚未发布过的事项不能放弃唯一的草稿', 'The only draft of a never-published item cannot be discarded'),
  VALID_FROM_IN_PAST: fixed(400, '生效日期不能早于今天', 'The validity start cannot be before today'),
  ALREADY_IN_HALL: fixed(409, '事项已在大厅办理', 'The item is in the hall already'),
  NOT_PUBLISHED: fixed(409, '事项尚无已发布版本，不能申请进驻', 'The item has no published version to admit'),
  NOT_IN_HALL: fixed(409, '事项不在大厅，无需申请退出', 'The item is not in the hall'),
  REQUEST_PENDING: fixed(409, '该事项已有待审批的申请', 'A request for this item is pending already'),
  REQUEST_DECIDED: fixed(409, '该申请已审批', 'The request has been decided already'),
  FOUR_EYES: fixed(403, '不能审批本人提出的申请', 'You cannot decide a request you made yourself'),

  // ---------------------------------------------------------------- the working-day calendar
  DATE_INVALID: fixed(400, '日期须为真实日期，格式 YYYY-MM-DD', 'The date must be a real date written YYYY-MM-DD'),
  DATE_OUT_OF_RANGE: withParams<{ first: number; last: number }>(400, { first: 2004, last: 2099 }, ({ first, last }) => ({
    zh: `日历只覆盖 ${first}—${last} 年`, en: `The calendar covers the years ${first}–${last} only`,
  })),
  YEAR_INVALID: withParams<{ first: number; last: number }>(400, { first: 2004, last: 2099 }, ({ first, last }) => ({
    zh: `年份须在 ${first}—${last} 之间`, en: `The year must be between ${first} and ${last}`,
  })),
  /** Malformed (not CN or 6–12 digits) or not in the regions table: the same answer either way. */
  REGION_UNKNOWN: withParams<{ region: string }>(400, { region: '469999' }, ({ region }) => ({
    zh: `地区「${region}」不存在：须为 CN（全国）或已登记的 6—12 位行政区划代码`,
    en: `Unknown region "${region}": use CN (national) or a registered 6–12 digit region code`,
  })),
  WORKDAYS_INVALID: withParams<{ max: number }>(400, { max: 10_000 }, ({ max }) => ({
    zh: `工作日数须为 0 至 ${max} 的整数`, en: `The number of working days must be an integer from 0 to ${max}`,
  })),
  SCHEDULE_DATE_OUTSIDE_YEAR: withParams<{ year: number }>(400, { year: 2027 }, ({ year }) => ({
    zh: `日期须在 ${year - 1}年12月1日至${year}年12月31日之间`, en: `Dates must lie between ${year - 1}-12-01 and ${year}-12-31`,
  })),
  SCHEDULE_DAY_TWICE: fixed(400, '同一天在安排中出现了两次', 'A day appears twice in the schedule'),
  HOLIDAY_RANGE_INVALID: fixed(400, '放假止日须不早于起日，且一段假期不超过31天', 'A holiday period ends on or after its start and lasts at most 31 days'),
  WORKDAY_NOT_WEEKEND: fixed(400, '调休上班日须为星期六或星期日', 'A make-up workday is a Saturday or a Sunday'),
  YEAR_MISMATCH: fixed(400, '请求体中的年份与路径中的年份不一致', 'The year in the body differs from the year in the path'),
  SCHEDULE_DAY_OF_OTHER_YEAR: withParams<{ day: string; year: number }>(409, { day: '2027-01-01', year: 2026 }, ({ day, year }) => ({
    zh: `${day} 已属于 ${year} 年的放假安排`, en: `${day} belongs to the schedule of ${year} already`,
  })),
  CALENDAR_DAY_NOT_FOUND: withParams<{ region: string; date: string }>(404, { region: '460100', date: '2026-04-10' }, ({ region, date }) => ({
    zh: `${region} 在 ${date} 没有本地调整`, en: `${region} has no local change on ${date}`,
  })),
  CALENDAR_NATIONAL_PROVINCE_ONLY: fixed(403, '全国放假安排只能由省级政务服务中心的管理员载入', 'Only a manager of a province-level center may load the national schedule'),

  // ---------------------------------------------------------------- applications and cases
  ITEM_NOT_ONLINE: fixed(409, '该事项不支持网上申办，请到窗口办理', 'This item cannot be applied for online; please come to the window'),
  ITEM_AUDIENCE_MISMATCH: fixed(409, '申请人不属于该事项的服务对象（自然人或法人），不能申请该事项', "The applicant is not of a kind this item serves (persons or enterprises) and cannot apply for it"),
  FORM_FIELD_UNKNOWN: withParams<{ key: string }>(400, { key: 'shopArea' }, ({ key }) => ({
    zh: `表单没有字段「${key}」`, en: `The form has no field "${key}"`,
  })),
  FORM_FIELD_INVALID: withParams<{ label: string; labelEn: string; problem: FormProblem }>(400, { label: '经营面积', labelEn: 'Shop area', problem: 'number' }, (p) => ({
    zh: `「${p.label}」${FORM_PROBLEMS[p.problem].zh}`, en: `${p.labelEn}: ${FORM_PROBLEMS[p.problem].en}`,
  })),
  MATERIAL_UNKNOWN: withParams<{ material: string }>(400, { material: 'licence' }, ({ material }) => ({
    zh: `事项没有材料「${material}」`, en: `The item has no material "${material}"`,
  })),
  MATERIAL_MISSING: withParams<{ material: string }>(400, { material: 'licence' }, ({ material }) => ({
    zh: `请补交告知书列出的全部材料（缺「${material}」）`, en: `Every material the notice lists is needed (missing "${material}")`,
  })),
  MATERIAL_NOT_ASKED: fixed(400, '只需补正告知书列出的材料', 'Resubmit only the materials the notice asks for'),
  // Issue 10, materials (modules/cases/materials-check.ts, material-checklist.ts): names are the items' material names.
  MATERIALS_REQUIRED: withParams<{ names: string[]; keys: string[] }>(400, { names: ['营业执照', '申请表'], keys: ['business_licence', 'application'] }, ({ names, keys }) => ({
    zh: `申请缺少必需材料：${names.map((n) => `「${n}」`).join('、')}；请上传文件，或填写可替代该材料的电子证照`,
    en: `The application lacks required materials: ${keys.join(', ')}; upload a file or name an e-licence that replaces it`,
  })),
  MATERIALS_NOT_RECEIVED: withParams<{ names: string[]; keys: string[] }>(409, { names: ['营业执照'], keys: ['business_licence'] }, ({ names, keys }) => ({
    zh: `受理前须核验收到全部必需材料，尚未收到：${names.map((n) => `「${n}」`).join('、')}`,
    en: `Acceptance needs every required material recorded as received; not received: ${keys.join(', ')}`,
  })),
  MATERIAL_ELICENCE_REFUSED: withParams<{ material: string; key: string }>(400, { material: '营业执照', key: 'business_licence' }, ({ material, key }) => ({
    zh: `材料「${material}」不能以该类电子证照替代`, en: `The material ${key} cannot be replaced by an e-licence of this type`,
  })),
  MATERIAL_REF_INVALID: fixed(400, '每项材料须提供文件或电子证照之一，不能同时提供', 'Each material gives either a file or an e-licence, not both'),
  MATERIAL_CONDITION_INVALID: fixed(400, '材料的适用条件须引用本事项表单中的字段', "A material's condition must name a field of the item's form"),
  ELICENCE_NUMBER_REQUIRED: withParams<{ material: string; key: string }>(400, { material: '营业执照', key: 'business_licence' }, ({ material, key }) => ({
    zh: `材料「${material}」记为电子证照时须填写证照类型和编号`, en: `Recording ${key} as an e-licence needs the licence type and number`,
  })),
  MATERIAL_CHECK_CLOSED: fixed(409, '办件已受理或已办结，材料核验单不能再修改', 'The case is past acceptance; its material checklist can no longer be changed'),
  SUPPLEMENT_EMPTY: fixed(400, '补正告知须列出至少一项材料', 'A supplement notice lists at least one material'),
  /** At the counter: the name given differs from the account already registered for the ID number or credit code. */
  COUNTER_NAME_MISMATCH: withParams<{ given: string; registered: string; by: 'idNumber' | 'creditCode' }>(409, { given: 'Zhang San', registered: 'Li Si', by: 'idNumber' }, ({ given, registered, by }) => (by === 'idNumber'
    ? { zh: `申请人姓名“${given}”与该身份证号码已登记的姓名“${registered}”不一致`, en: `The name "${given}" does not match the name "${registered}" registered for this ID number` }
    : { zh: `申请人名称“${given}”与该统一社会信用代码已登记的名称“${registered}”不一致`, en: `The name "${given}" does not match the name "${registered}" registered for this credit code` })),
  RECEIVED_AT_INVALID: fixed(400, '收件时间不能晚于现在或早于30天前', 'The time of receipt cannot be in the future or more than 30 days ago'),
  TRACKING_NO_REQUIRED: fixed(400, '邮寄送达须填写快递单号', 'Posting needs a tracking number'),
  // ---------------------------------------------------------------- delivery (送达, modules/delivery)
  DELIVERY_VERIFICATION_REQUIRED: fixed(409, '送达须在出件窗口核验领取人后办理（窗口领取、邮寄或自助柜）', 'Delivery goes through the delivery window, which checks who collects (pickup, post or cabinet)'),
  DELIVERY_CHOICE_CLOSED: fixed(409, '办件已送达或已办结，不能再更改送达方式', 'The case is delivered or closed; its delivery method can no longer change'),
  DELIVERY_REGION_UNKNOWN: fixed(400, '邮寄地址的行政区划代码不存在', 'The region code of the postal address is unknown'),
  DELIVERY_QUERY_CODE_WRONG: fixed(409, '受理编号与查询码不符，不能领取', 'The receipt number and query code do not match; the result cannot be collected'),
  DELIVERY_IDENTITY_MISMATCH: fixed(409, '证件号码与申请人不符，不能领取', 'The ID number or credit code does not match the applicant; the result cannot be collected'),
  DELIVERY_PROXY_AUTHORISATION_REQUIRED: fixed(409, '代领须提供代领人姓名、身份证号码和书面授权委托书扫描件', "Collection by a proxy needs the proxy's name, ID number and a scan of the written authorisation"),
  DELIVERY_ALREADY_OUT: fixed(409, '结果已寄出或已放入自助柜，须先退回窗口', 'The result is already posted or in a cabinet; it must come back to the window first'),
  DELIVERY_NOT_OUT: fixed(409, '没有已寄出或放入自助柜的结果', 'No result of this case is posted or in a cabinet'),
  DELIVERY_METHOD_NOT_CHOSEN: withParams<{ method: 'post' | 'cabinet' }>(409, { method: 'post' }, ({ method }) => (method === 'post'
    ? { zh: '申请人未选择邮寄送达，不能邮寄（只寄往申请人选择的地址）', en: 'The applicant did not choose post; results are posted only to an address the applicant chose' }
    : { zh: '申请人未选择自助柜领取', en: 'The applicant did not choose the self-pickup cabinet' })),
  TRACKING_NO_INVALID: fixed(400, '快递单号格式不符合该承运商的规则', "The tracking number does not match the carrier's format"),
  TRACKING_NO_TAKEN: fixed(409, '该快递单号已用于另一邮件', 'This tracking number is already used for another parcel'),
  CABINET_FULL: fixed(409, '自助柜已无空闲格口', 'The cabinet has no free locker'),
  CABINET_CODE_WRONG: withParams<{ left: number }>(409, { left: 2 }, ({ left }) => ({ zh: `取件码错误，还可尝试${left}次`, en: `Wrong pickup code; ${left} tries left` })),
  CABINET_LOCKED: fixed(423, '取件码错误次数过多，格口已锁定，请到出件窗口领取', 'Too many wrong codes; the locker is locked, please collect at the delivery window'),
  CABINET_ALREADY_COLLECTED: fixed(409, '该格口的结果已被取走', 'The result in this locker has already been collected'),
  /** `reason` is BUSY (another clerk holds the case) or why the case's state refuses the action. */
  CASE_STATE_CONFLICT: withParams<{ reason: string }>(409, { reason: 'BUSY' }, ({ reason }) => (reason === 'BUSY'
    ? { zh: '该办件正由他人办理，请刷新后重试', en: 'Someone else is acting on this case; reload and try again' }
    : { zh: '办件当前状态不允许此操作，请刷新后重试', en: 'The case is not in a state that allows this; reload and try again' })),
  /** A submission's idempotency key sent again with another body (IETF Idempotency-Key draft: 422). */
  IDEMPOTENCY_KEY_REUSED: fixed(422, '该幂等键已用于另一份不同内容的申请，请为新申请生成新的键', 'This idempotency key was already used for an application with a different body; use a new key for a new application'),
  EXTENSION_LIMIT_PASSED: fixed(409, '法定办理期限已届满，不能再延长期限', 'The statutory time limit has already run out; it can no longer be extended'),
  EXTENSION_INSTANT_ITEM: fixed(409, '即办件当场办结，不能延长办理期限', 'An instant item is decided on the spot; its time limit cannot be extended'),
  /** Art. 32: 5 working days after receipt the case is accepted by law (deemed, from the day of receipt). */
  ACCEPTANCE_PERIOD_PASSED: fixed(409, '收到申请材料已满5个工作日，依法自收到材料之日起视为受理，不能再补正告知、不予受理或另行受理',
    'Five working days have passed since the materials were received: the case is accepted by law from the day of receipt, and can no longer be refused, sent a supplement notice or accepted later'),
  SEPARATION_OF_DUTIES: fixed(409, '审管分离：受理或审查本办件的人员不能作出决定', 'Separation of duties: whoever accepted or reviewed this case cannot decide it'),
  EXTENSION_LEAD_CHIEF_ONLY: fixed(403, '联办件的办理期限只能由牵头部门的首席代表在联办件上延长', 'A joint case is extended only by the lead department\'s chief, on the joint case'),
  SUSPENSION_NOT_DECLARED: withParams<{ kind: string }>(409, { kind: 'auction' }, ({ kind }) => ({
    zh: `本事项未设定该特别程序（${kind}），不能中止办理时限`, en: `The item declares no such special procedure (${kind}); the time limit cannot be suspended for it`,
  })),
  SUSPENSION_TOO_LONG: withParams<{ days: number }>(409, { days: 10 }, ({ days }) => ({
    zh: `特别程序所需时间不能超过事项设定的 ${days} 个工作日`, en: `A special procedure may not take longer than the item's declared ${days} working days`,
  })),
  HEARING_NOTICE_REQUIRED: fixed(400, '听证须告知举行的日期和地点（仅听证填写）', 'A hearing names the date and place told to the applicant (and only a hearing does)'),
  HEARING_NOTICE_TOO_SHORT: fixed(400, '应当于举行听证的七日前通知申请人', 'The applicant must be notified at least seven days before the hearing'),
  CANCELLATION_NOT_HELD: fixed(409, '只有已准予许可的办件才能申请注销', 'Only the licence of an approved case can be cancelled'),
  CANCELLATION_EXISTS: fixed(409, '该许可已有注销申请或已注销', 'This licence already has a cancellation request or is cancelled'),
  CANCELLATION_STATE_CONFLICT: fixed(409, '该注销申请已处理', 'This cancellation request has already been answered'),
  WITHDRAW_AFTER_DECISION: fixed(409, '办件已作出决定，不能撤回申请；如需注销许可，请另行申请注销',
    'The case has been decided and can no longer be withdrawn; to cancel the licence, apply for its cancellation'),
  /** 退回部门办理件 (seed 003): the hand-overs between the hall and a department's office. */
  HANDOFF_NOT_DEPARTMENT_ITEM: fixed(409, '该事项在大厅办理，不需移交部门', 'This item is decided in the hall; it is not handed over to the department'),
  HANDOFF_ALREADY_SENT: fixed(409, '办件已移交部门，不能重复移交', 'The case has already been handed over to the department'),
  HANDOFF_NOT_IN_DEPARTMENT: fixed(409, '办件及材料尚未移交部门，部门不能审查', 'The case and its materials have not been handed over to the department yet; it cannot be reviewed'),
  CASE_CLOSED: fixed(409, '办件已办结或终止，不能调整绿色通道', 'The case is closed; its green channel cannot change'),
  CASE_NOT_GREEN: fixed(409, '该办件不在绿色通道中', 'The case is not in the green channel'),
  COORDINATOR_INVALID: fixed(400, '协调人须为本中心工作人员', "The coordinator must be a staff member of the case's center"),
  WINDOW_OUT_OF_SCOPE: fixed(403, '本窗口不受理该部门的事项，请引导申请人到综合受理窗口或该部门窗口',
    "This window does not accept for the item's department; send the applicant to an intake window or the department's window"),
  DOCUMENT_NOT_AVAILABLE: fixed(409, '办件尚无此文书', 'The case has no such document yet'),
  REPORT_TARGET_UNAVAILABLE: fixed(409, '上级决定事项不存在或没有现行有效的版本，无法报送',
    'The item that decides at the level above does not exist or has no version in force; the case cannot be forwarded'),

  /** Issue 17, 通办 (docs/network.md): handed in at one center, decided at another, collected at a third. */
  TONGBAN_NOT_ALLOWED: fixed(409, '该事项不支持跨区域、跨层级通办，请到实施该事项的中心申请和领取',
    'This item cannot be handled across regions or levels; apply and collect at the center that implements it'),
  TONGBAN_OUT_OF_SCOPE: withParams<{ scope: 'none' | 'province' | 'nationwide' }>(409, { scope: 'province' }, ({ scope }) => (scope === 'province'
    ? { zh: '该事项仅限省内通办：受理和领取的中心须在本省范围内', en: 'This item is handled across regions within the province only: the receiving and collecting centers must be in the province' }
    : { zh: '所选中心不在该事项的通办范围内', en: "The chosen center is outside the item's cross-region scope" })),
  TONGBAN_MODE_UNSUPPORTED: fixed(400, '联办事项和上报事项不能跨区域通办：其通办范围须为“仅本中心”',
    'A joint or reported item cannot be handled across regions: its scope must be "this center only"'),
  TONGBAN_CENTER_UNKNOWN: fixed(400, '所选的受理或领取中心不存在', 'The chosen receiving or collecting center does not exist'),

  // ---------------------------------------------------------------- joint matters and joint cases
  ANSWER_MISSING: withParams<{ question: string; questionEn?: string }>(400, { question: '是否涉及食品经营', questionEn: 'Does it involve food?' }, (p) => ({
    zh: `请回答「${p.question}」`, en: `Please answer "${p.questionEn ?? p.question}"`,
  })),
  /** Without `option`: the answers name a question the matter does not have; with it: an option the question does not have. */
  ANSWER_INVALID: withParams<{ question: string; questionEn?: string; option?: string }>(400, { question: '是否涉及食品经营', questionEn: 'Does it involve food?', option: 'maybe' }, (p) => (p.option === undefined
    ? { zh: `没有问题「${p.question}」`, en: `There is no question "${p.questionEn ?? p.question}"` }
    : { zh: `「${p.question}」没有选项「${p.option}」`, en: `"${p.questionEn ?? p.question}" has no option "${p.option}"` })),
  MATTER_ITEM_UNAVAILABLE: fixed(400, '联办事项包含的事项不存在、不属于本中心或未进驻大厅',
    'An item of the matter does not exist, belongs to another center or is not in the hall'),
  MATTER_ITEM_DUPLICATE: fixed(400, '同一事项只能列入一次', 'An item can be listed once'),
  LEAD_NOT_INVOLVED: fixed(400, '牵头部门须是所列事项的实施部门之一', "The lead department must implement one of the matter's items"),
  MATTER_CONDITION_INVALID: fixed(400, '适用条件引用了不存在的问题或选项', 'A condition names a question or answer that does not exist'),
  MATTER_NO_APPLICANT: fixed(400, '按某些回答，所含事项的服务对象互不相同（如仅限个人与仅限企业并存），无人可以申请，请调整事项或适用条件', 'For some answers the included items serve no common kind of applicant (persons only beside enterprises only), so nobody could apply: change the items or their conditions'),
  MATTER_SOURCE_INVALID: withParams<{ shared: 'field' | 'material' }>(400, { shared: 'material' }, ({ shared }) => (shared === 'field'
    ? { zh: '共用字段对应了不在本事项中的表单字段', en: 'A shared field maps to a form field the matter does not have' }
    : { zh: '共用材料对应了不在本事项中的材料', en: 'A shared material maps to a material the matter does not have' })),
  MATTER_KEY_INVALID: fixed(400, '共用字段和材料的标识须唯一，且不能以 i数字_ 开头', 'Shared field and material keys must be unique and not start with i<number>_'),
  MATTER_KEY_TAKEN: fixed(409, '本中心已有同一标识的联办事项', 'The center already has a matter with this key'),
  MATTER_STALE: fixed(409, '联办事项已被他人修改，请刷新后重试', 'Someone else changed the matter; reload and try again'),
  MATERIAL_NOT_YOURS: fixed(400, '只能就本部门事项的材料提出补正意见', "Ask only about the materials of your department's items"),
  PART_UNKNOWN: fixed(400, '该联办件没有这个子件', 'The joint case has no such part'),
  MATTER_PREREQUISITE_INVALID: withParams<{ reason: 'ITEM' | 'SELF' | 'MATERIAL' | 'CYCLE' | 'DUPLICATE' }>(400, { reason: 'CYCLE' }, ({ reason }) => ({
    ITEM: { zh: '前置事项须是本联办事项所列的事项', en: 'A prerequisite must name items of the matter' },
    SELF: { zh: '事项不能以自身为前置事项', en: 'An item cannot be its own prerequisite' },
    MATERIAL: { zh: '前置事项代替的材料须是该事项自己的材料', en: "The materials a prerequisite stands for must be the dependent item's own" },
    CYCLE: { zh: '前置事项不能互相等待（形成循环）', en: 'Prerequisites cannot wait for each other (a cycle)' },
    DUPLICATE: { zh: '同一前置关系只能声明一次', en: 'A prerequisite can be declared once' },
  })[reason]),
  PREREQUISITE_PENDING: fixed(409, '本事项的前置事项尚未办结（如营业执照尚未核准），暂不能作出决定',
    'A prerequisite item of this joint matter is not decided yet (such as the business licence); this part cannot be decided before it'),

  // ---------------------------------------------------------------- supervision and the hall
  REPLY_DUE_IN_PAST: fixed(400, '答复期限不能早于今天', 'The reply deadline cannot be before today'),
  NOTICE_ANSWERED: fixed(409, '该督办通知已答复', 'This notice has already been answered'),
  FINDING_RESOLVED: fixed(409, '该纠错事项已处理', 'This finding has already been resolved'),
  PERIOD_INVALID: fixed(400, '开始日期不能晚于结束日期', 'The period starts after it ends'),
  HALL_STREAMS_LIMIT: fixed(429, '同一地址打开的大厅屏幕过多', 'Too many hall screens open from this address'),

  // ---------------------------------------------------------------- hostile input, sign-in, public progress (docs/security.md)
  /** A string holds a NUL character or a lone UTF-16 surrogate: PostgreSQL cannot store either. */
  INPUT_INVALID_CHARACTER: fixed(400, '输入含有不允许的字符（空字符或不成对的代理字符）', 'The input holds a character that is not allowed (NUL or a lone surrogate)'),
  /** The database refused a value the schema let through (out of range, wrong format): a gap in a schema, answered as bad input. */
  INPUT_OUT_OF_RANGE: fixed(400, '输入的值超出允许的范围或格式不正确', 'A value is out of the allowed range or has a wrong format'),
  /** A value names something that does not exist (a foreign key the database refused). */
  INPUT_REFERENCE_UNKNOWN: fixed(400, '输入引用的对象不存在', 'The input refers to something that does not exist'),
  /** The same thing exists already (a unique index refused the row). */
  INPUT_CONFLICT: fixed(409, '相同的记录已存在', 'The same record exists already'),
  MULTIPART_INVALID: fixed(400, '上传的表单格式不正确（缺少分隔符或内容不完整）', 'The upload is not a well-formed multipart form (no boundary, or cut short)'),
  PASSWORD_WEAK_STAFF: fixed(400, '工作人员密码须至少10位并同时包含字母和数字', 'A staff password needs at least 10 characters with letters and digits'),
  RECEIPT_NO_CHECK_DIGIT: fixed(400, '受理编号校验位不正确，请核对受理凭证上的编号', 'The receipt number\'s check digit is wrong; check the number on the receipt'),
  PROGRESS_LOCKED: withParams<{ until: Date }>(423, { until: new Date('2026-03-02T02:30:00Z') }, ({ until }) => ({
    zh: `查询码错误次数过多，该受理编号的查询已锁定至 ${chinaMinute(until)}`,
    en: `Too many wrong query codes; progress queries for this receipt number are locked until ${until.toISOString()}`,
  })),
  // ---------------------------------------------------------------- e-licences: the holder's wallet and reuse (docs/elicences.md)
  ELICENCE_CONSENT_REQUIRED: fixed(400, '使用电子证照须勾选同意将该证照用于本次申请', 'Using an e-licence needs your consent to its use for this application'),
  ELICENCE_NOT_FOUND: withParams<{ type: string; number: string }>(400, { type: 'business_licence', number: '91460000MA5T00001X' }, ({ type, number }) => ({
    zh: `电子证照库中没有类型为「${type}」、编号为「${number}」的证照`, en: `The e-licence library holds no licence of type ${type} numbered ${number}`,
  })),
  ELICENCE_NOT_HOLDER: withParams<{ number: string }>(403, { number: '91460000MA5T00001X' }, ({ number }) => ({
    zh: `电子证照「${number}」的持证主体不是申请人，不能使用他人的证照`, en: `The applicant does not hold e-licence ${number}; another holder's licence cannot be used`,
  })),
  ELICENCE_NOT_VALID: withParams<{ number: string; status: string }>(409, { number: '91460000MA5T00001X', status: 'revoked' }, ({ number, status }) => ({
    zh: `电子证照「${number}」当前状态为「${LICENCE_STATUS_ZH[status] ?? status}」，不能作为申请材料`, en: `E-licence ${number} is ${status} and cannot stand in for a material`,
  })),
  ELICENCE_SHARE_EXPIRED: fixed(410, '该证照分享链接已过期', 'This licence share link has expired'),
  ELICENCE_SHARE_REVOKED: fixed(410, '该证照分享链接已被持证人撤销', 'The holder has revoked this licence share link'),
  // ---------------------------------------------------------------- e-licences (issue 12: library, issuance, lifecycle)
  LICENCE_TYPE_CODE_TAKEN: fixed(409, '该证照类型代码已存在', 'A licence type with this code already exists'),
  LICENCE_TYPE_DEPARTMENT_UNKNOWN: fixed(400, '颁证单位须为本中心的部门', "The issuing body must be a department of the manager's center"),
  LICENCE_TYPE_ITEM_UNKNOWN: fixed(400, '关联的事项须为本中心颁证单位的事项', "Linked items must be items of the issuing body's department in the same center"),
  LICENCE_NOT_ISSUER: fixed(403, '只有颁证单位可以处理该证照', 'Only the issuing body may act on this licence'),
  LICENCE_STATE_CONFLICT: withParams<{ status: string }>(409, { status: 'revoked' }, ({ status }) => ({
    zh: `证照当前状态（${status}）不允许此操作`, en: `The licence's current status (${status}) does not allow this`,
  })),
  LICENCE_REVOKED: fixed(409, '证照已被撤销，不能再变更、延续、注销、暂停或恢复', 'The licence has been revoked; nothing more can be done with it (change, renewal, cancellation, suspension)'),
  LICENCE_NOT_RENEWABLE: fixed(409, '长期有效的证照无需延续', 'A licence valid without limit is not renewed'),
  LICENCE_APPLICATION_OPEN: fixed(409, '该证照已有待处理的申请，请等待处理结果', 'This licence already has an application waiting for a decision'),
  LICENCE_APPLICATION_STATE_CONFLICT: fixed(409, '该申请已处理', 'This application has already been decided'),
  LICENCE_CHANGE_INVALID: fixed(400, '变更须列明证照上的字段及新值', 'A change must name printed fields of the licence and their new values'),
  LICENCE_HOLDER_KIND_MISMATCH: fixed(409, '证照类型的持证人类型（自然人或企业）与申请人或事项的服务对象不符，不能颁发该证照', "The licence type is for another kind of holder (a person or an enterprise) than the applicant or the item's audience; the licence cannot be issued"),
  LICENCE_HOLDER_CODE_FIXED: fixed(400, '持证人的身份证件号码或统一社会信用代码不能变更：行政许可不得以变更方式转让（《行政许可法》第九条）', "The holder's ID number or credit code cannot be changed: a licence is not transferred by a change (Licensing Law Art. 9)"),

  // ---------------------------------------------------------------- e-seals and signed documents (docs/elicences.md)
  SEAL_EXISTS: fixed(409, '该部门已有电子印章；如需更换密钥，请申请密钥轮换', 'This department already has an e-seal; request a key rotation to replace its key'),
  SEAL_MISSING: fixed(409, '该部门尚无电子印章', 'This department has no e-seal'),
  SEAL_REQUEST_PENDING: fixed(409, '该部门已有待审批的印章申请', 'A seal request for this department is already waiting for a decision'),
  SEAL_REQUEST_DECIDED: fixed(409, '该印章申请已审批', 'This seal request has already been decided'),
  SEAL_VALIDITY_INVALID: fixed(400, '印章有效期的开始日期不能晚于结束日期', 'The seal\'s validity starts after it ends'),
  SEAL_VALIDITY_PAST: fixed(400, '印章有效期的结束日期不能早于今天', "The seal's validity cannot end before today"),
  /** A seal signs only for the body that holds it (GB/T 38540: the seal's holder is the signer). */
  SEAL_WRONG_BODY: fixed(403, '电子印章只能为其所属单位签章', 'An e-seal can sign only for the body that holds it'),
  SEAL_NOT_VALID_NOW: withParams<{ from: string; to: string }>(409, { from: '2026-01-01', to: '2030-12-31' }, ({ from, to }) => ({
    zh: `电子印章不在有效期内（${from} 至 ${to}），不能签章`, en: `The e-seal is outside its validity (${from} to ${to}) and cannot sign`,
  })),
  /** SEAL_KEY_FILE does not hold the master key the seal's private key was encrypted with. */
  SEAL_KEY_UNAVAILABLE: fixed(503, '电子印章密钥暂不可用，请联系系统管理员', 'The e-seal key is not available; contact the system administrator'),
  SIGNED_DOCUMENT_UNKNOWN: fixed(404, '未能在文件中识别出本平台的电子签章：文件可能不是本平台签发，或签章信息已被改动', 'No e-seal signature of this platform was found in the file: it was not issued here, or its signature data was changed'),
  // ---------------------------------------------------------------- the hall: queue and appointments (docs/hall.md)
  HALL_KIOSK_UNKNOWN: fixed(401, '本设备不是登记的取号机，请联系大厅工作人员', 'This device is not a registered kiosk; please ask the hall staff'),
  HALL_CLOSED: fixed(409, '大厅此时不开放（不在办公时间内）', 'The hall is not open at this time (outside opening hours)'),
  HALL_DAY_CLOSED: withParams<{ day: string }>(409, { day: '2026-10-01' }, ({ day }) => ({ zh: `${day} 大厅不开放，不能预约`, en: `The hall is closed on ${day}; no appointments that day` })),
  HALL_TICKET_ACTIVE: fixed(409, '您在该服务区今天已有排队号，请等候叫号', 'You already hold a ticket in this zone today; please wait for your call'),
  HALL_TICKET_STATE: withParams<{ action: string; status: string }>(409, { action: 'recall', status: 'done' }, ({ action, status }) => ({
    zh: `该号码当前状态（${status}）不能执行「${action}」`, en: `A ticket in state ${status} cannot be given "${action}"`,
  })),
  HALL_TICKET_NOT_AT_WINDOW: fixed(409, '该号码不在本窗口办理中，不能关联或操作', 'This ticket is not being served at your window'),
  HALL_ZONE_OUT_OF_SCOPE: fixed(403, '本窗口不服务该号码或预约所在的服务区，请由服务该区的窗口或大厅管理员办理',
    'Your window does not serve the zone of this ticket or appointment; a window serving that zone or a hall manager handles it'),
  HALL_NO_WINDOW: fixed(403, '您的账号未分配窗口，不能叫号', 'Your account has no window; you cannot call tickets'),
  HALL_DISPLAY_STREAMS_FULL: fixed(503, '本服务器连接的叫号屏已满，屏幕改为定时刷新', 'This server has as many hall displays connected as it takes; the display refreshes by polling instead'),
  HALL_WINDOW_NO_ZONE: fixed(409, '本窗口未分配服务区，请联系管理员', 'Your window serves no zone; please ask a manager'),
  HALL_TRANSFER_TARGET: fixed(400, '转移目标须为本中心的服务区，指定窗口须服务该区', 'Transfer to a zone of this center, and to a window that serves it'),
  HALL_REAL_NAME_ONLY: fixed(403, '预约须使用实名认证的个人账号', 'Appointments need a real-name personal account'),
  HALL_BOOKING_WINDOW: withParams<{ min: number; max: number }>(400, { min: 1, max: 14 }, ({ min, max }) => ({
    zh: `只能预约 ${min}—${max} 天后的日期`, en: `Book a day ${min} to ${max} days ahead`,
  })),
  HALL_SLOT_UNKNOWN: fixed(400, '该时段不是当天的预约时段', 'This is not an appointment slot of that day'),
  HALL_SLOT_BEGUN: fixed(409, '该时段已开始，不能预约，请选择之后的时段', 'This slot has already begun; choose a later one'),
  HALL_SLOT_FULL: fixed(409, '该时段已约满，请选择其他时段', 'This slot is fully booked; choose another'),
  HALL_DAY_FULL: fixed(409, '该服务区当天已约满，请选择其他日期', 'This zone is fully booked that day; choose another day'),
  HALL_BOOKING_EXISTS: fixed(409, '您在该服务区当天已有预约', 'You already have an appointment in this zone that day'),
  HALL_BOOKING_RESTRICTED: withParams<{ until: string }>(403, { until: '2026-12-30' }, ({ until }) => ({
    zh: `多次预约未到，${until} 前暂停网上预约，可现场取号`, en: `Booking is suspended until ${until} after repeated no-shows; walk-in tickets remain available`,
  })),
  HALL_APPOINTMENT_STATE: withParams<{ action: string; status: string }>(409, { action: 'cancel', status: 'checked_in' }, ({ action, status }) => ({
    zh: `该预约当前状态（${status}）不能执行「${action}」`, en: `An appointment in state ${status} cannot be given "${action}"`,
  })),
  // Ratings (好差评, docs/ratings.md)
  RATING_STAGE_NOT_REACHED: fixed(409, '该办件尚未到达可评价的环节', 'This case has not reached the stage to be rated'),
  RATING_ALREADY_GIVEN: fixed(409, '该环节已经评价过，每个环节只能评价一次', 'This stage has already been rated; each stage is rated once'),
  RATING_DIMENSION_UNKNOWN: withParams<{ key: string }>(400, { key: 'speed' }, ({ key }) => ({ zh: `没有评价维度「${key}」`, en: `There is no rating dimension "${key}"` })),
  RATING_VISIT_NOT_FINISHED: fixed(409, '该号码尚未办结，办结后才能评价', 'This visit is not finished yet; rate it once it is done'),
  RATING_VISIT_CLOSED: fixed(409, '该次办事已不能评价：现场评价须在办结当天进行，窗口评价器只能评价本窗口刚办结、尚未叫下一位的这一次', 'This visit can no longer be rated: a visit is rated on the day it finished, and the window pad rates only the visit it just finished, before the next call'),
  RATING_TOKEN_UNKNOWN: fixed(404, '评价码无效或已过期：评价码只在取号当天有效，请核对号码条上的评价码', 'This rating code is unknown or has expired: a code is valid on the day of its ticket only; check the code on your slip'),
  RATING_PERIOD_INVALID: fixed(400, '统计期间无效：起始日期须不晚于截止日期，且不超过一年', 'Invalid period: from must not be after to, and at most one year'),
  RECTIFICATION_STATE: withParams<{ action: string; status: string }>(409, { action: 'verify', status: 'rectified' }, ({ action, status }) => ({
    zh: `整改任务当前状态（${status}）不能执行「${action}」`, en: `A rectification task in state ${status} cannot be given "${action}"`,
  })),
  RECTIFICATION_APPEAL_ONCE: fixed(409, '该差评已申诉过一次，不能再次申诉', 'This bad review has already been appealed once; it cannot be appealed again'),
  RECTIFICATION_CALLBACK_REQUIRED: fixed(409, '实名差评须先记录回访，才能核实', 'A real-name bad review needs a callback record before verification'),
  RECTIFICATION_FIX_RATING_OPEN: withParams<{ days: number }>(409, { days: 7 }, ({ days }) => ({
    zh: `实名差评的整改结果由评价人评价：整改完成后${days}日内不能关闭任务`,
    en: `The person who gave the real-name bad review rates the fix: the task cannot be closed within ${days} days of the rectification`,
  })),
  HALL_NO_APPOINTMENT_TODAY: fixed(404, '未查到您今天在本中心的预约，可直接取号', 'No appointment today at this center; take a ticket instead'),
  HALL_CHECKIN_TOO_EARLY: withParams<{ from: string }>(409, { from: '09:30' }, ({ from }) => ({ zh: `请于 ${from} 后签到`, en: `Check in from ${from}` })),
  // ---------------------------------------------------------------- windows and staff (docs/hall-staff.md)
  STAFF_NOT_WINDOW_STAFF: fixed(400, '该人员不是本中心的窗口工作人员', 'This person is not window staff of this center'),
  STAFF_ASSIGNMENT_OVERLAP: fixed(409, '该人员在此期间已有进驻安排（待审批或生效）', 'This person already has an assignment (pending or active) in that period'),
  STAFF_ASSIGNMENT_STATE: withParams<{ status: string }>(409, { status: 'active' }, ({ status }) => ({
    zh: `该进驻安排当前状态（${status}）不能审批`, en: `An assignment in state ${status} cannot be approved or rejected`,
  })),
  STAFF_NOT_ASSIGNED: withParams<{ day: string }>(409, { day: '2026-11-23' }, ({ day }) => ({
    zh: `该人员 ${day} 没有生效的窗口进驻安排（须中心和派出部门双方同意）`, en: `This person has no active window assignment on ${day} (both the center and the department must approve one)`,
  })),
  STAFF_DAY_CLOSED: withParams<{ day: string; shift: string }>(409, { day: '2026-10-01', shift: 'am' }, ({ day, shift }) => ({
    zh: `${day}（${shift === 'am' ? '上午' : '下午'}）中心不办公，不能排班`, en: `The center is closed on ${day} (${shift === 'am' ? 'morning' : 'afternoon'}); nobody can be scheduled`,
  })),
  STAFF_SHIFT_TAKEN: withParams<{ day: string; shift: string }>(409, { day: '2026-11-23', shift: 'am' }, ({ day, shift }) => ({
    zh: `该人员 ${day}（${shift === 'am' ? '上午' : '下午'}）已有排班`, en: `This person is already scheduled on ${day} (${shift === 'am' ? 'morning' : 'afternoon'})`,
  })),
  STAFF_ON_LEAVE: withParams<{ day: string }>(409, { day: '2026-11-23' }, ({ day }) => ({ zh: `该人员 ${day} 已获批请假`, en: `This person is on approved leave on ${day}` })),
  STAFF_SCHEDULE_SIGNED: fixed(409, '该班次已有签到记录，不能删除', 'Someone signed in for this shift; it cannot be removed'),
  STAFF_NOT_SCHEDULED: fixed(409, '您此时没有在该窗口的排班，不能签到', 'You are not scheduled at this window now; you cannot sign in'),
  STAFF_ALREADY_SIGNED_IN: fixed(409, '本班次已签到，每班次只能签到一次', 'You already signed in for this shift; one sign-in per shift'),
  STAFF_NOT_SIGNED_IN: fixed(409, '本班次尚未签到或已签退', 'You have not signed in for this shift, or already signed out'),
  STAFF_LEAVE_PAST: fixed(400, '请假不能从今天以前开始', 'A leave cannot start before today'),
  STAFF_LEAVE_OVERLAP: fixed(409, '该期间与已批准的请假重叠', 'This period overlaps an approved leave'),
  STAFF_SUBSTITUTE_REQUIRED: withParams<{ shifts: number }>(400, { shifts: 3 }, ({ shifts }) => ({
    zh: `请假期间有 ${shifts} 个排班，须指定顶岗人员`, en: `You are scheduled for ${shifts} shifts in this period; name a substitute`,
  })),
  STAFF_SUBSTITUTE_ON_LEAVE: fixed(409, '顶岗人员在此期间请假', 'The substitute is on leave in this period'),
  STAFF_SUBSTITUTE_BUSY: withParams<{ day: string; shift: string }>(409, { day: '2026-11-23', shift: 'am' }, ({ day, shift }) => ({
    zh: `顶岗人员 ${day}（${shift === 'am' ? '上午' : '下午'}）已有其他排班`, en: `The substitute is scheduled elsewhere on ${day} (${shift === 'am' ? 'morning' : 'afternoon'})`,
  })),
  STAFF_LEAVE_STATE: withParams<{ status: string }>(409, { status: 'approved' }, ({ status }) => ({
    zh: `该请假当前状态（${status}）不能执行此操作`, en: `A leave in state ${status} cannot be given this action`,
  })),
  STAFF_ASSESSMENT_EXISTS: withParams<{ year: number }>(409, { year: 2026 }, ({ year }) => ({
    zh: `该人员 ${year} 年度考核结果已写入档案；须由中心管理人员重新开启后才能修改`, en: `The ${year} assessment is already in this person's file; a manager must reopen it first`,
  })),
  STAFF_ASSESSMENT_STATE: fixed(409, '该年度考核已处于重新开启状态', 'This assessment is already reopened'),
  HALL_FIGURES_RANGE: withParams<{ maxDays: number }>(400, { maxDays: 366 }, ({ maxDays }) => ({
    zh: `统计区间最长 ${maxDays} 天`, en: `The period of the figures is at most ${maxDays} days`,
  })),
  HALL_LIGHT_THRESHOLDS: fixed(400, '绿灯等候上限须小于黄灯等候上限', 'The green limit must be below the amber limit'),
  HALL_CANCEL_REASON: fixed(400, '工作人员取消预约须填写原因', 'Staff cancelling an appointment must give a reason'),
  HALL_PRESENCE_CODE: fixed(403, '请扫描大厅屏幕上的当前二维码后再取号（须在大厅现场）', 'Scan the current code on the hall screen to take a ticket (you must be in the hall)'),
  // ---------------------------------------------------------------- reconciliation (对账、核销; docs/fees.md "Reconciliation")
  STATEMENT_EMPTY: fixed(400, '对账文件为空', 'The statement file is empty'),
  STATEMENT_TOO_LARGE: withParams<{ limitMb: number }>(400, { limitMb: 64 }, ({ limitMb }) => ({
    zh: `对账文件超过 ${limitMb} MB`, en: `The statement file is larger than ${limitMb} MB`,
  })),
  STATEMENT_ENCODING: fixed(400, '对账文件须为 UTF-8 编码（GBK 等其他编码请先转换）', 'The statement file must be UTF-8 (convert GBK or other encodings first)'),
  STATEMENT_HEADER: withParams<{ expected: string }>(400, { expected: 'channel_txn_id,notice_no,amount_fen,paid_at' }, ({ expected }) => ({
    zh: `对账文件第1行须为表头：${expected}`, en: `Line 1 of the statement file must be the header: ${expected}`,
  })),
  STATEMENT_LINE_INVALID: withParams<{ line: number; column: string; problem: 'columns' | 'value' | 'other_day' | 'after_total' }>(400,
    { line: 7, column: 'amount_fen', problem: 'value' }, ({ line, column, problem }) => {
      const zh = { columns: '列数不是4列', value: `「${column}」的值无效`, other_day: `「${column}」不是对账日当天`, after_total: '合计行之后不能再有内容' }[problem];
      const en = { columns: 'does not have 4 columns', value: `has an invalid ${column}`, other_day: `has a ${column} outside the statement day`, after_total: 'comes after the totals line' }[problem];
      return { zh: `对账文件第${line}行${zh}`, en: `Line ${line} of the statement file ${en}` };
    }),
  STATEMENT_TOTAL_MISMATCH: withParams<{ line: number; lines: number; fen: number }>(400, { line: 12, lines: 10, fen: 150000 }, ({ line, lines, fen }) => ({
    zh: `对账文件第${line}行合计与明细不符：明细 ${lines} 笔，合计 ${fen} 分`,
    en: `The totals on line ${line} of the statement file do not match its lines: ${lines} lines, ${fen} fen`,
  })),
  STATEMENT_DAY_FUTURE: fixed(400, '对账日不能晚于今天', 'The statement day cannot be after today'),
  STATEMENT_SOURCE_UNKNOWN: fixed(400, '该渠道不支持自动获取对账文件，请上传', 'This channel has no statement to fetch; upload the file'),
  RECONCILIATION_DAY_LOCKED: fixed(409, '该对账日已锁定，不能再导入或处理', 'The reconciliation day is locked: nothing can be imported or resolved'),
  RECONCILIATION_NO_STATEMENT: fixed(409, '该对账日尚未导入对账文件', 'No statement has been imported for this day'),
  RECONCILIATION_NOT_RUN: fixed(409, '请先按当前对账文件执行对账，再锁定', 'Run the reconciliation on the current statement before locking the day'),
  RECONCILIATION_OPEN_ANOMALIES: withParams<{ count: number }>(409, { count: 3 }, ({ count }) => ({
    zh: `尚有 ${count} 个未处理的对账差异，不能锁定`, en: `${count} anomalies are still open: the day cannot be locked`,
  })),
  ANOMALY_NOT_OPEN: fixed(409, '该对账差异已处理', 'The anomaly has been dealt with already'),
  ANOMALY_NOTHING_TO_REFUND: fixed(409, '该对账差异没有应退还的款项（没有已记录的缴款，或渠道所收不多于已入账金额，或通知书仍需保留该笔缴款），请以其他方式处理',
    'This anomaly holds no money to give back (no payment recorded, the channel took no more than we recorded, or the notice needs the payment to stay paid): resolve it another way'),
  ANOMALY_OUTCOME_INVALID: withParams<{ outcome: string }>(400, { outcome: 'record_payment' }, ({ outcome }) => ({
    zh: `该类对账差异不能以「${outcome}」处理`, en: `This kind of anomaly cannot be resolved with ${outcome}`,
  })),

  // ---------------------------------------------------------------- fees and payment notices (docs/fees.md)
  NOTICE_UNKNOWN: fixed(404, '缴款码不存在，请核对缴款通知书上的缴款码', 'No payment notice has this payment code; check the code on the notice'),
  NOTICE_CANCELLED: fixed(409, '该缴款通知书已作废，不能缴款', 'This payment notice was cancelled and cannot be paid'),
  NOTICE_EXPIRED: withParams<{ dueDate: string }>(409, { dueDate: '2026-12-10' }, ({ dueDate }) => ({
    zh: `该缴款通知书已于 ${dueDate} 到期，不能再缴款，请联系承办部门重新开具`,
    en: `This payment notice was due on ${dueDate} and can no longer be paid; ask the department for a new one`,
  })),
  PAYMENT_AMOUNT_INVALID: fixed(400, '金额须为大于零的整数（单位：分），且不超过上限', 'The amount must be a whole number of fen, above zero and below the limit'),
  PAYMENT_AMOUNT_MISMATCH: withParams<{ expectedFen: number; paidFen: number }>(409, { expectedFen: 12000, paidFen: 1200 }, ({ expectedFen, paidFen }) => ({
    zh: `缴款金额 ${paidFen} 分与通知书应缴金额 ${expectedFen} 分不符`,
    en: `The amount paid (${paidFen} fen) differs from the notice's amount (${expectedFen} fen)`,
  })),
  PAYMENT_TXN_CONFLICT: fixed(409, '该渠道流水号已用于另一笔不同的缴款', 'This channel transaction id was already used for a different payment'),
  NOTICE_STATE_CONFLICT: withParams<{ status: string; action: string }>(409, { status: 'paid', action: 'cancel' }, ({ status, action }) => ({
    zh: `缴款通知书当前状态（${status}）不能执行该操作（${action}）`,
    en: `A payment notice in status ${status} cannot be ${action}`,
  })),
  FEE_NOT_IN_STANDARD: withParams<{ feeCode: string }>(422, { feeCode: 'GBF-01' }, ({ feeCode }) => ({
    zh: `收费项目 ${feeCode} 不在本事项的收费标准内，或金额与标准计算结果不符，不得收取`,
    en: `Fee ${feeCode} is not in the item's fee standard, or its amount differs from the standard's computation: it may not be charged`,
  })),
  FEE_STANDARD_INVALID: withParams<{ detail: string }>(400, { detail: 'GBF-01: fiscal account FA-01 unknown' }, ({ detail }) => ({
    zh: `收费标准不完整或不正确：${detail}`,
    en: `The fee standard is incomplete or wrong: ${detail}`,
  })),
  // ---------------------------------------------------------------- payment channels and the bank window (docs/fees.md)
  PAYMENT_NOTICE_NOT_PAYABLE: fixed(409, '该缴款通知书不能缴款（已缴款或已退款）', 'This payment notice cannot be paid (already paid or refunded)'),
  PAYMENT_ORDER_EXPIRED: fixed(409, '该支付订单已超过支付时限，订单已关闭，未扣款；请返回办件页面重新发起缴款', 'This payment order is past its time limit and closed; no money was taken. Go back to the case page and start paying again'),
  PAYMENT_CHANNEL_UNAVAILABLE: fixed(503, '支付渠道暂时无法响应，请稍后再试', 'The payment channel is not answering; please try again later'),
  REFUND_NOT_AT_BANK_WINDOW: fixed(409, '该笔退款的原缴款不是在银行窗口缴纳的，由支付渠道原路退回，不在窗口退付', 'This refund is of a payment not taken at the bank window: the payment channel pays it back, not the window'),
  REFUND_NOT_REQUESTED: fixed(409, '该笔退款不在待退付状态（已退付、已发送或已失败）', 'This refund is not waiting to be paid out (already paid, sent or failed)'),
  // ---------------------------------------------------------------- sealed bids (docs/trading.md, "Sealed bids")
  BID_DEADLINE_PASSED: withParams<{ deadline: Date }>(409, { deadline: new Date('2026-12-01T02:00:00Z') }, ({ deadline }) => ({
    zh: `投标截止时间（${chinaMinute(deadline)}，以服务器时间为准）已过，不再接收、替换或撤回投标`,
    en: `The bid deadline (${chinaMinute(deadline)} China time, by the server's clock) has passed: bids can no longer be handed in, replaced or withdrawn`,
  })),
  // 招标投标法 第二十三条: a change of the conditions reaches every bidder, who confirms it before bidding on them.
  BID_RECONFIRM_REQUIRED: withParams<{ versions: number[] }>(409, { versions: [4] }, ({ versions }) => ({
    zh: `招标条件已变更（第 ${versions.join('、')} 版），请先查看并确认变更内容后再投标`,
    en: `The tender's conditions changed (revision ${versions.join(', ')}): read and confirm the change before handing in a bid`,
  })),
  BID_TENDER_NOT_OPEN: fixed(409, '该项目当前不接收投标', 'This tender is not taking bids now'),
  BID_TENDER_NOT_SEALED: fixed(409, '该项目尚未生成投标加密公钥，暂不能投标', 'This tender has no bid encryption key yet: bids cannot be handed in'),
  BID_ENVELOPE_INVALID: fixed(400, '上传的文件不是本平台加密生成的投标文件', 'The upload is not a bid sealed by this platform'),
  BID_WRONG_TENDER_KEY: fixed(400, '投标文件不是用本项目的公钥加密的', 'The bid was not sealed to this tender\'s public key'),
  BID_NOT_WITHDRAWABLE: fixed(409, '该投标已撤回、已被替换或已开标', 'This bid has already been withdrawn, replaced or opened'),
  BID_OPENING_TOO_EARLY: withParams<{ opensAt: Date }>(409, { opensAt: new Date('2026-12-01T02:00:00Z') }, ({ opensAt }) => ({
    zh: `开标须在投标截止时间（${chinaMinute(opensAt)}，以服务器时间为准）之后`, en: `The opening can start only after the bid deadline (${chinaMinute(opensAt)} China time, by the server's clock)`,
  })),
  BID_ALREADY_OPENED: fixed(409, '该项目已开标', 'The bids of this tender have already been opened'),
  BID_KEY_EXISTS: fixed(409, '该项目的投标密钥已生成', 'This tender already has its bid key'),
  BID_KEY_TOO_LATE: fixed(409, '投标已开始或项目已结束，不能再生成投标密钥', 'Bidding has started or the tender is over: its bid key can no longer be made'),
  BID_CUSTODIANS_INVALID: fixed(400, '持钥人须为本中心已登记公钥的不同工作人员，且 2 ≤ 门限 ≤ 持钥人数', 'Custodians must be different staff of this center with a registered key, and 2 ≤ threshold ≤ custodians'),
  /** details.userIds: the named custodians who are officials of neither body (docs/trading.md, "Who holds the shares"). */
  BID_KEY_CUSTODIAN_NOT_OFFICIAL: fixed(400, '持钥人须为本项目交易中心的交易工作人员或行政监督部门的审批人员、负责人；窗口人员、其他部门人员等不能持有密钥分片', 'Custodians must be officials of the tender\'s trading center (its trading staff) or of its supervising department (its approvers and chiefs); a window clerk or another department\'s staff cannot hold a key share'),
  /** details.missing: the body (trading_center, supervising_department) no custodian belongs to. */
  BID_KEY_CUSTODIANS_ONE_BODY: fixed(400, '持钥人须同时包括交易中心和行政监督部门的人员，任何一方都不能独自持有全部密钥分片', 'The custodians must include officials of both the trading center and the supervising department: neither body may hold every key share alone'),
  /**
   * details: { body, shares, threshold }: the body whose custodians hold k or more of the shares, so could open the
   * sealed bids without the other (docs/trading.md, "Who holds the shares").
   */
  BID_KEY_BODY_HOLDS_QUORUM: withParams<{ body: 'trading_center' | 'supervising_department'; shares: number; threshold: number }>(400,
    { body: 'trading_center', shares: 4, threshold: 3 }, ({ body, shares, threshold }) => ({
      zh: `${body === 'trading_center' ? '交易中心' : '行政监督部门'}的持钥人共持有 ${shares} 个密钥分片，达到门限 ${threshold}，可不经另一方独自开标；请减少该方的持钥人、增加另一方的持钥人或提高门限，使每一方持有的分片都少于门限`,
      en: `The ${body === 'trading_center' ? 'trading center' : 'supervising department'}'s custodians would hold ${shares} key shares, at least the threshold of ${threshold}, and could open the bids without the other body: name fewer of its officials, more of the other body's, or raise the threshold, so that each body holds fewer shares than the threshold`,
    })),
  BID_OFFICIAL_KEY_INVALID: fixed(400, '公钥不是有效的 SM2 公钥', 'Not a valid SM2 public key'),
  BID_OFFICIAL_KEY_IN_USE: fixed(409, '您持有尚未开标项目的密钥分片，不能更换公钥', 'You hold key shares of tenders not yet opened: your key cannot change now'),
  // 条例 第三十四条: a bidder is neither controlled nor managed by itself (docs/trading.md "Related bidders").
  BIDDER_DECLARATION_SELF: fixed(400, '控股单位或管理单位不能是本单位自己', 'The controlling or managing unit cannot be the bidder itself'),
  // The registry (市场监管) contradicts a declared fact: the declaration is refused, nothing written (docs/trading.md "The enterprise registry").
  BIDDER_DECLARATION_MISMATCH: withParams<{ fact: 'representativeIdNumber' | 'controllerCode' | 'managerCode' }>(409, { fact: 'controllerCode' }, ({ fact }) => ({
    zh: `声明的${{ representativeIdNumber: '单位负责人身份证号', controllerCode: '控股单位', managerCode: '上级主管单位' }[fact]}与市场监管部门企业登记信息不一致，声明未保存；请按登记信息如实声明，登记有误的请先向登记机关申请更正`,
    en: `The declared ${{ representativeIdNumber: "principal's ID number", controllerCode: 'controlling unit', managerCode: 'managing unit' }[fact]} does not match the enterprise registry of market regulation: the declaration was not saved. Declare the registered facts; if the registry is wrong, have the registration authority correct it first`,
  })),
  BID_NOT_CUSTODIAN: fixed(403, '您不是该项目的持钥人', 'You do not hold a key share of this tender'),
  BID_SHARE_INVALID: fixed(400, '提交的密钥分片与登记的校验值不符', 'The key share handed in does not match its check value'),
  BID_SHARE_ALREADY: fixed(409, '您已提交过本项目的密钥分片', 'You have already handed in your key share of this tender'),
  BID_KEY_REBUILD_FAILED: fixed(409, '密钥分片无法恢复出本项目的私钥，开标未进行', 'The key shares do not rebuild this tender\'s key: nothing was opened'),

  // ---------------------------------------------------------------- 12345 work orders (docs/hotline.md)
  WORKORDER_STATE: withParams<{ action: string; status: string }>(409, { action: 'reply', status: 'closed' }, ({ action, status }) => ({
    zh: `工单当前状态（${status}）不能执行此操作（${action}）`,
    en: `A work order in status ${status} cannot take the action ${action}`,
  })),
  WORKORDER_CATEGORY_UNKNOWN: fixed(400, '工单分类不存在', 'Unknown work order category'),
  WORKORDER_DEPARTMENT_UNKNOWN: fixed(400, '承办部门不是本中心的部门', 'The department is not a department of this center'),
  WORKORDER_STAFF_UNKNOWN: fixed(400, '被投诉的工作人员不是本中心的工作人员', 'The staff member complained about is not staff of this center'),
  WORKORDER_DISPATCH_KEPT: fixed(409, '热线中心已裁定维持派单，不能再次退回，请办理', 'The hotline center decided to keep this dispatch; it cannot be returned again: handle it'),
  WORKORDER_ANSWER_CONSULTATION_ONLY: withParams<{ kind: string }>(409, { kind: 'complaint' }, ({ kind }) => ({
    zh: `只有咨询类工单可由话务员当场答复；此工单（${kind}）须派单给承办部门办理`,
    en: `Only a consultation is answered by the hotline on the call; this order (${kind}) must be dispatched to a department`,
  })),
  WORKORDER_REOPEN_NOT_DISSATISFIED: withParams<{ satisfaction: string }>(409, { satisfaction: 'satisfied' }, ({ satisfaction }) => ({
    zh: `只有本轮有来电人（本单或合并到本单的来电人）评价为“不满意”的工单才能重办（本单来电人评价：${satisfaction}）`,
    en: `Only an order a caller of this round (its own or a merged one) rated dissatisfied can be sent back for re-handling (this order's caller: ${satisfaction})`,
  })),
  WORKORDER_REOPEN_LIMIT: withParams<{ limit: number }>(409, { limit: 2 }, ({ limit }) => ({
    zh: `本工单已重办 ${limit} 次，不能再次重办`,
    en: `This order was already sent back for re-handling ${limit} times; it cannot be reopened again`,
  })),
  WORKORDER_REOPEN_NO_DEPARTMENT: fixed(409, '本工单由话务员当场答复，没有承办部门可重办；请作为新诉求受理并派单', 'This order was answered on the call and has no department to re-handle it; take it as a new appeal and dispatch it'),
  WORKORDER_MAIN_NOT_CLOSED: fixed(409, '您的诉求已与相同诉求合并办理，主工单回访办结后才能评价', 'Your appeal was merged with the same appeal; it can be evaluated once the main order is called back and closed'),
  WORKORDER_ALREADY_EVALUATED: fixed(409, '您已评价过本次答复，不能重复评价', 'This reply has already been evaluated; it cannot be evaluated twice'),
  WORKORDER_SAME_DEPARTMENT: fixed(409, '改派须派给另一个部门；维持原派请选择“维持”', 'A reassignment must go to another department; to keep the dispatch choose "keep"'),
  WORKORDER_MERGE_TARGET: fixed(409, '只能并入本中心另一张未办结、未被合并的工单', 'An order can be merged only into another open, unmerged order of the same center'),
  WORKORDER_ARTICLE_UNKNOWN: fixed(400, '知识库条目不存在', 'Unknown knowledge base article'),
  WORKORDER_CATEGORY_RETIRED: fixed(409, '该工单分类已停用，不能用于新工单', 'This work order category is retired and cannot be chosen for a new order'),
  WORKORDER_CATEGORY_CODE_TAKEN: fixed(409, '分类编码已被使用', 'The category code is already in use'),
  WORKORDER_LIMIT_INVALID: withParams<{ kind: string }>(400, { kind: 'complaint' }, ({ kind }) => ({
    zh: `办理时限须为正整数个工作日（${kind}：普通件至少1个工作日，紧急件可为0即当日）`,
    en: `Time limits must be whole working days (${kind}: normal at least 1, urgent 0 = the same day or more)`,
  })),
  WORKORDER_LIMIT_URGENT_ABOVE_NORMAL: withParams<{ kind: string }>(400, { kind: 'complaint' }, ({ kind }) => ({
    zh: `紧急件的办理时限不能长于普通件（${kind}）`,
    en: `The urgent limit cannot be longer than the normal one (${kind})`,
  })),
  // Issue 16, public resource trading (docs/trading.md).
  TENDER_STATE: withParams<{ action: string; status: string }>(409, { action: 'award', status: 'bidding' }, ({ action, status }) => ({
    zh: `招标项目当前状态（${status}）不能执行此操作（${action}）`,
    en: `A tender in status ${status} cannot take the action ${action}`,
  })),
  TENDER_BIDDING_PERIOD_SHORT: withParams<{ days: number }>(409, { days: 20 }, ({ days }) => ({
    zh: `自招标文件发出之日起至投标截止之日止，不得少于${days}日`,
    en: `The bidding period, from publication to the bid deadline, must be at least ${days} days`,
  })),
  // 电子招标投标办法 and issue 16: at publication the tender's key is made and its private key split among the officials.
  TENDER_BID_KEY_REQUIRED: fixed(409, '发布前须完成投标密钥分持：先生成本项目的投标密钥，并将私钥分份交由官员持有', 'The bid key must be made and shared among the officials before publication'),
  TENDER_PERIODS_ORDER: fixed(400, '各期间须依次排列：澄清截止不晚于投标截止，开标不早于投标截止', 'The periods must be in order: clarification ends no later than the bid deadline, opening is not before the bid deadline'),
  TENDER_PERIOD_NOT_OVER: withParams<{ period: string; until: string }>(409, { period: 'bidding', until: '2026-12-01T02:00:00.000Z' }, ({ period, until }) => ({
    zh: `期间（${period}）尚未结束（服务器时间 ${until} 之前不能进入下一阶段）`,
    en: `The period ${period} is not over: the next stage may start at ${until} (server time)`,
  })),
  TENDER_CANDIDATES_PERIOD: withParams<{ days: number }>(400, { days: 3 }, ({ days }) => ({
    zh: `中标候选人公示期不得少于${days}日`,
    en: `The candidates must be published for at least ${days} days`,
  })),
  TENDER_CANDIDATES_INVALID: fixed(400, '中标候选人名单须按名次 1、2、3… 排列，且不得重复', 'The candidates must be ranked 1, 2, 3… without repeats'),
  TENDER_CANDIDATES_FROM_EVALUATION: fixed(409, '中标候选人只能由评标委员会的评审结果产生：请在评标汇总页发布', 'The candidates come only from the evaluation committee\'s scores: publish them from the evaluation summary'),
  TENDER_AWARD_NOT_CANDIDATE: fixed(409, '中标人须为公示的中标候选人之一', 'The winner must be one of the published candidates'),
  // 招标投标法实施条例 第五十五条, 政府采购法实施条例 第四十三条 (modules/trading/award-order.ts).
  TENDER_AWARD_OUT_OF_ORDER: withParams<{ rank: number; names: string[]; ranks: number[] }>(409, { rank: 2, names: ['1. 海南某建设工程有限公司'], ranks: [1] }, ({ rank, names, ranks }) => ({
    zh: `本项目（政府采购或国有资金占控股、主导地位）应当按中标候选人排序确定中标人：确定排名第 ${rank} 的候选人，须先载明排在其前的每一名候选人不予确定的法定情形（放弃中标、因不可抗力不能履行合同、未按招标文件要求提交履约保证金、被查实存在影响中标结果的违法行为），尚未载明：${names.join('；')}（《招标投标法实施条例》第五十五条）`,
    en: `This project (a government procurement, or state funds hold the controlling or leading share) awards in the candidates' order: to award the candidate ranked ${rank}, state for every candidate ranked above it the lawful ground it is passed over on (gave the award up, cannot perform for force majeure, did not lodge the performance bond, a violation found that affects the result); not stated for the candidate${ranks.length > 1 ? 's' : ''} ranked ${ranks.join(', ')} (Regulations on the Bidding Law, Art. 55)`,
  })),
  TENDER_REAWARD_GROUND_REQUIRED: withParams<{ name: string }>(409, { name: '海南一建集团有限公司' }, ({ name }) => ({
    zh: `中标通知书发出后不得改变中标结果（《招标投标法》第四十五条）；仅在中标人「${name}」放弃中标、因不可抗力不能履行合同、未按要求提交履约保证金或被查实存在影响中标结果的违法行为时，方可另行确定中标人，须载明其情形`,
    en: 'Once notified, the result is not changed (Bidding Law, Art. 45); another winner is awarded only when the current one gave the award up, cannot perform for force majeure, did not lodge the performance bond, or a violation affecting the result was found: state which',
  })),
  TENDER_AWARD_PASSED_OVER_INVALID: fixed(400, '不予确定的候选人须为排在中标人之前的公示候选人，且每人只列一次', 'A candidate passed over must be a published candidate ranked above the winner, named once'),
  // 招标投标法 第四十六条: the contract may not depart from the winning bid, its price included.
  TENDER_CONTRACT_PRICE_MISMATCH: withParams<{ awarded: string }>(409, { awarded: '950000.00' }, ({ awarded }) => ({
    zh: `合同价款须与中标价一致（${awarded} 元）：依《招标投标法》第四十六条，不得订立背离中标内容的合同`,
    en: `The contract price must be the winning bid's price (CNY ${awarded}): the Bidding Law, Art. 46, forbids a contract that departs from the winning bid`,
  })),
  TENDER_CONTRACT_DATE_INVALID: withParams<{ awardedOn: string; today: string }>(409, { awardedOn: '2026-12-17', today: '2026-12-20' }, ({ awardedOn, today }) => ({
    zh: `合同签订日期须在中标通知书发出之日（${awardedOn}）至今天（${today}）之间：依《招标投标法》第四十六条，合同自中标通知书发出之日起订立`,
    en: `The contract's signing date must lie between the day the award notice was sent (${awardedOn}) and today (${today}): under the Bidding Law, Art. 46, the contract is made from the award notice on`,
  })),
  TENDER_CONTRACT_LATE_REASON: withParams<{ awardedOn: string; dueBy: string; signedOn: string }>(409, { awardedOn: '2026-12-17', dueBy: '2027-01-16', signedOn: '2027-01-20' }, ({ awardedOn, dueBy, signedOn }) => ({
    zh: `合同于 ${signedOn} 签订，已超过中标通知书发出之日（${awardedOn}）起三十日（应于 ${dueBy} 前签订）：依《招标投标法》第四十六条、《招标投标法实施条例》第七十三条，须在“理由”中说明逾期签订的正当理由`,
    en: `The contract signed on ${signedOn} is later than the 30 days from the award notice (${awardedOn}; due by ${dueBy}): under the Bidding Law, Art. 46, and its Regulation, Art. 73, the reason for the delay must be given`,
  })),
  TENDER_CRITERIA_INVALID: fixed(400, '评标标准的权重之和须为 100，且各项代码不得重复', 'The weights of the evaluation criteria must sum to 100, with distinct keys'),
  TENDER_NOT_AMENDABLE: withParams<{ status: string }>(409, { status: 'opening' }, ({ status }) => ({
    zh: `招标项目当前状态（${status}）不能变更招标条件`,
    en: `The conditions of a tender in status ${status} can no longer be changed`,
  })),
  // 招标投标法 第二十三条、第三十四条: a change reaches the bidders before the deadline, and the bids are opened at it; once the
  // deadline has passed a change would reopen the bidding to late bids.
  TENDER_DEADLINE_PASSED: withParams<{ deadline: Date }>(409, { deadline: new Date('2026-12-01T02:00:00Z') }, ({ deadline }) => ({
    zh: `投标截止时间（${chinaMinute(deadline)}，以服务器时间为准）已过，不能再变更招标条件或延长投标期`,
    en: `The bid deadline (${chinaMinute(deadline)} China time, by the server's clock) has passed: the conditions and the bidding period can no longer be changed`,
  })),
  // 招标投标法 第二十八条: 投标人少于三个的，招标人应当依照本法重新招标 (no opening with fewer than three bidders).
  TENDER_TOO_FEW_BIDS: withParams<{ bidders: number; min: number }>(409, { bidders: 2, min: 3 }, ({ bidders, min }) => ({
    zh: `投标截止时递交投标文件的投标人为 ${bidders} 个，少于 ${min} 个，不得开标；依照《招标投标法》第二十八条应当重新招标（可宣布流标）`,
    en: `${bidders} bidder(s) handed in a bid by the deadline, fewer than ${min}: the bids cannot be opened; under Article 28 of the Bidding Law the tender must be run again (declare it unsuccessful)`,
  })),
  // 政府采购法 第三十六条 (一): fewer than three responsive suppliers, the tender is annulled (MIN_VALID_BIDS, tender.transitions.ts).
  TENDER_TOO_FEW_VALID_BIDS: withParams<{ valid: number; min: number }>(409, { valid: 2, min: 3 }, ({ valid, min }) => ({
    zh: `评标委员会否决后的有效投标为 ${valid} 家，不足 ${min} 家，不能公示中标候选人：依《政府采购法》第三十六条应予废标，请宣布招标失败并依法重新招标`,
    en: `${valid} valid bid(s) remain after the committee's rejections, fewer than ${min}: no candidates can be published; under the Government Procurement Law, Art. 36, the tender is annulled: declare it unsuccessful and tender it again`,
  })),
  // 招标投标法实施条例 第六十二条: the supervising department ordered the tender suspended (docs/trading.md, "Suspension").
  TENDER_SUSPENDED: withParams<{ since: string }>(409, { since: '2026-12-01T02:00:00.000Z' }, ({ since }) => ({
    zh: `监督部门已责令暂停该项目的招标投标活动（自服务器时间 ${since} 起），恢复前不能办理`,
    en: `The supervising department suspended this tender (since ${since}, server time): nothing can be done until it is resumed`,
  })),
  // 招标投标法 第二十二条: who took the documents and who handed in a bid, and how many, are told to nobody but the bidder
  // itself until the opening has read the bids out (docs/trading.md, "Bidders sealed until the opening").
  TENDER_BIDDERS_SEALED: fixed(409, '开标前不公开已获取招标文件的潜在投标人和投标人的名称、数量（《招标投标法》第二十二条）',
    'The names and the number of those who took the tender documents or handed in a bid are sealed until the opening (Bidding Law, Art. 22)'),
  TENDER_NOT_SUSPENDED: fixed(409, '该项目的招标投标活动未被暂停', 'This tender is not suspended'),
  // 招标投标法实施条例 第二十二条、第五十四条: an objection unanswered pauses the step it concerns.
  TENDER_OBJECTION_PENDING: withParams<{ subject: string; answerDue: string }>(409, { subject: 'documents', answerDue: '2026-12-01T02:00:00.000Z' }, ({ subject, answerDue }) => ({
    zh: `${subject === 'candidates' ? '对评标结果' : '对招标文件'}的异议尚未答复（答复期限：服务器时间 ${answerDue}），答复前应当暂停招标投标活动`,
    en: `An objection to the ${subject === 'candidates' ? 'evaluation result' : 'tender documents'} is not answered yet (answer due ${answerDue}, server time): the tender waits until it is answered`,
  })),
  TENDER_FILE_UNKNOWN: fixed(400, '文件不存在，或不是本人上传的文件', 'The file does not exist or was not uploaded by you'),
  TRADING_PROJECT_CODE_TAKEN: fixed(409, '本中心已有相同编号的交易项目', 'A trading project with this code exists in this center'),
  TRADING_DEPARTMENT_UNKNOWN: fixed(400, '监督部门不是本中心的部门', 'The supervising department is not a department of this center'),
  TRADING_LOT_UNKNOWN: fixed(400, '标段不属于该项目', 'The lot is not a lot of this project'),
  TRADING_AWARD_REQUIRED: withParams<{ code: string }>(409, { code: 'JS-2026-001' }, ({ code }) => ({
    zh: `该事项须提供在本中心完成交易的项目：项目（${code}）在本中心没有中标（成交）结果，不能申请`,
    en: `This item needs a project traded in this center: project ${code} has no award in this center, so the application is refused`,
  })),
  /** Issue 16: the form field an item's applicants name their traded project in (items/award-requirement.ts). */
  TRADING_AWARD_FIELD_INVALID: withParams<{ key: string }>(400, { key: 'f1' }, ({ key }) => ({
    zh: `申请表中没有文本字段“${key}”：项目编号须填在该事项申请表（现行版本及正在编辑的草稿）中的一个文本字段`,
    en: `The application form has no text field "${key}": the project code must be a text field of the item's form (the current version and the open draft)`,
  })),
  TRADING_AWARD_FIELD_DROPPED: withParams<{ key: string }>(409, { key: 'f1' }, ({ key }) => ({
    zh: `该事项须提供在本中心完成交易的项目，项目编号填在申请表文本字段“${key}”：草稿中没有这个文本字段，不能发布。请在草稿中保留该字段，或先更改或关闭该设置`,
    en: `This item needs a project traded in this center, its code given in the text field "${key}": the draft has no such text field, so it cannot be published. Keep the field in the draft, or change or switch off the setting first`,
  })),
  // Issue 16, questions, objections and complaints (docs/trading.md, "Questions, objections and complaints").
  DISPUTE_NOT_PARTY: fixed(403, '只有投标人或已登记下载招标文件的潜在投标人可以提出质疑、异议', 'Only a bidder, or a party who registered a download of the tender documents, may raise a question or an objection'),
  DISPUTE_KIND_NOT_ALLOWED: withParams<{ kind: string; projectKind: string }>(409, { kind: 'question', projectKind: 'construction' }, ({ kind, projectKind }) => ({
    zh: `该类交易项目（${projectKind}）不适用此程序（${kind}）：政府采购项目提出质疑，其他项目提出异议`,
    en: `A ${kind} does not apply to a project of kind ${projectKind}: questions are for government procurement, objections for the other kinds`,
  })),
  DISPUTE_SUBJECT_NOT_OPEN: withParams<{ subject: string; status: string }>(409, { subject: 'candidates', status: 'bidding' }, ({ subject, status }) => ({
    zh: `招标项目当前状态（${status}）下不能就此事项（${subject}）提出`,
    en: `Nothing can be raised about ${subject} while the tender is in status ${status}`,
  })),
  DISPUTE_WINDOW_CLOSED: withParams<{ until: string }>(409, { until: '2026-12-01T16:00:00.000Z' }, ({ until }) => ({
    zh: `提出期限已过（截止于服务器时间 ${until}）`,
    en: `The time to raise it has passed (it ended at ${until}, server time)`,
  })),
  DISPUTE_STATE: withParams<{ status: string }>(409, { status: 'answered' }, ({ status }) => ({
    zh: `该事项当前状态（${status}）不能执行此操作`,
    en: `This cannot be done to a matter in status ${status}`,
  })),
  COMPLAINT_TOO_EARLY: withParams<{ until: string }>(409, { until: '2026-12-01T02:00:00.000Z' }, ({ until }) => ({
    zh: `须先提出质疑或异议：答复期限（服务器时间 ${until}）届满或已答复后，方可投诉`,
    en: `A complaint follows a question or objection: it may be filed once that was answered or its answer deadline (${until}, server time) has passed`,
  })),
  COMPLAINT_WINDOW_CLOSED: withParams<{ until: string }>(409, { until: '2026-12-11T16:00:00.000Z' }, ({ until }) => ({
    zh: `投诉期限已过（截止于服务器时间 ${until}）`,
    en: `The time to complain has passed (it ended at ${until}, server time)`,
  })),
  COMPLAINT_EXISTS: fixed(409, '已就该质疑或异议提出过投诉', 'A complaint about this question or objection was already filed'),
  COMPLAINT_PARENT_INVALID: fixed(400, '投诉须针对本人提出的质疑或异议', 'A complaint must follow a question or objection of your own'),
  // Issue 14, the portal (docs/portal.md).
  DRAFT_STALE: fixed(409, '草稿已在其他页面或设备上保存过，请刷新后再保存', 'The draft was saved elsewhere in the meantime; reload it before saving'),
  DRAFT_TARGET_UNKNOWN: fixed(404, '草稿对应的事项不存在或未上线', 'The item or matter of this draft does not exist or is not offered'),
  // Issue 17, single sign-on (docs/sso.md).
  SSO_REDIRECT_URI_INVALID: withParams<{ uri: string }>(400, { uri: 'http://rp.example.cn/cb' }, ({ uri }) => ({
    zh: `回调地址 ${uri} 不可用：须为不含片段的完整地址，且除本机（localhost）外须使用 https`,
    en: `The redirect URI ${uri} cannot be used: it must be an absolute URI without a fragment, and https unless on localhost`,
  })),
  SSO_REDIRECT_HOSTS: fixed(400, '一个接入系统的回调地址须在同一主机上；其他主机请另行登记', "A client's redirect URIs must all be on one host; register a system on another host as a client of its own"),
  SSO_CLIENT_REVOKED: fixed(409, '该接入系统已被撤销', 'This client has already been revoked'),
  // ---------------------------------------------------------------- open interfaces (docs/open-api.md)
  API_KEY_MISSING: fixed(401, '缺少 API 密钥（请在 Authorization: Bearer 中提供）', 'API key missing (send it as Authorization: Bearer …)'),
  API_KEY_INVALID: fixed(401, 'API 密钥无效', 'The API key is not valid'),
  API_KEY_REVOKED: fixed(401, 'API 密钥已被吊销', 'The API key has been revoked'),
  API_SCOPE_MISSING: withParams<{ scope: string }>(403, { scope: 'progress:read' }, ({ scope }) => ({ zh: `该 API 密钥没有 ${scope} 权限范围`, en: `The API key does not have the scope ${scope}` })),
  API_RATE_LIMITED: withParams<{ limit: number }>(429, { limit: 60 }, ({ limit }) => ({ zh: `超过该密钥每分钟 ${limit} 次的调用限制，请稍后再试`, en: `This key's limit of ${limit} calls per minute is used up; try again later` })),
  API_CLIENT_REVOKED: fixed(409, '该对接系统已停用，不能再发放密钥或订阅', 'This consuming system is revoked: no new keys or subscriptions'),
  SUBSCRIPTION_ENDED: fixed(409, '该订阅已结束，不能暂停或恢复；请新建订阅', 'This subscription has ended and cannot be paused or resumed; create a new one'),
  WEBHOOK_URL_INVALID: withParams<{ reason: string }>(400, { reason: 'private address' }, ({ reason }) => ({ zh: `推送地址不可用（${reason}）：须为 http 或 https，且不能指向内网、回环或链路本地地址`, en: `The delivery URL cannot be used (${reason}): it must be http or https and not point at a private, loopback or link-local address` })),
  EXCHANGE_ROWS_INVALID: withParams<{ count: number }>(400, { count: 2 }, ({ count }) => ({ zh: `导入数据有 ${count} 行不合格，未导入任何事项`, en: `${count} rows of the import are invalid; nothing was imported` })),
  // Issue 17: government information disclosure (docs/disclosure.md) and foreign applicants (docs/portal.md).
  DISCLOSURE_STATE: withParams<{ action: string; status: string }>(409, { action: 'reply', status: 'replied' }, ({ action, status }) => ({
    zh: `政府信息公开申请当前状态（${status}）不能执行此操作（${action}）`,
    en: `A disclosure request in status ${status} cannot take the action ${action}`,
  })),
  DISCLOSURE_ALREADY_EXTENDED: fixed(409, '答复期限已延长过一次，依《政府信息公开条例》第三十三条不得再次延长', 'The reply period was extended once already; the Disclosure Regulations (Art. 33) allow one extension only'),
  DISCLOSURE_EXTENSION_AFTER_DUE: withParams<{ dueDate: string }>(409, { dueDate: '2026-10-21' }, ({ dueDate }) => ({
    zh: `答复期限已于 ${dueDate} 届满，不能再延长（《政府信息公开条例》第三十三条：延长须在答复期限内经负责人同意）；请尽快答复`,
    en: `The reply period ended on ${dueDate} and can no longer be extended (Disclosure Regulations Art. 33: an extension is agreed within the period); answer the request`,
  })),
  // 政府信息公开条例 第三十二条、第三十三条 (docs/disclosure.md "Third parties").
  DISCLOSURE_CONSULT_AFTER_DUE: withParams<{ dueDate: string }>(409, { dueDate: '2026-10-21' }, ({ dueDate }) => ({
    zh: `答复期限已于 ${dueDate} 届满，不能再征求第三方意见以停止计时（《政府信息公开条例》第三十三条）；请尽快答复`,
    en: `The reply period ended on ${dueDate}: a third party can no longer be consulted to stop the clock (Disclosure Regulations Art. 33); answer the request`,
  })),
  DISCLOSURE_ALREADY_CONSULTED: fixed(409, '该申请已征求过第三方意见，不能再次征求以停止计时；请依第三方意见或依法作出答复', 'A third party was already consulted on this request; the clock is not stopped twice. Answer on its opinion or as the law provides'),
  DISCLOSURE_THIRD_PARTY_PERIOD_OPEN: withParams<{ answerBy: string }>(409, { answerBy: '2026-11-13' }, ({ answerBy }) => ({
    zh: `第三方提出意见的期限至 ${answerBy}（收到征求意见书之日起 15 个工作日，《政府信息公开条例》第三十二条），届满前不能记录为逾期未提出意见`,
    en: `The third party has until ${answerBy} to answer (15 working days from the letter, Disclosure Regulations Art. 32); it cannot be recorded as silent before then`,
  })),
  DISCLOSURE_THIRD_PARTY_OBJECTED: fixed(409,
    '第三方不同意公开且有理由，不予公开；行政机关认为不公开可能对公共利益造成重大影响而决定公开的，须写明理由，并书面告知第三方（《政府信息公开条例》第三十二条）',
    'The third party objected with reasons, so the information is not disclosed; to disclose it because withholding would gravely affect the public interest, state why, and the third party is told in writing (Disclosure Regulations Art. 32)'),
  DISCLOSURE_CORRECTION_EXPIRED: withParams<{ deadline: string }>(409, { deadline: '2026-10-15' }, ({ deadline }) => ({
    zh: `补正期限已于 ${deadline} 届满，逾期未补正的申请视为放弃（《政府信息公开条例》第三十条）；如仍需要该信息，请重新提出申请`,
    en: `The period to correct in ended on ${deadline}; a request not corrected in time is deemed abandoned (Disclosure Regulations Art. 30). Submit a new request if you still need the information`,
  })),
  DISCLOSURE_CORRECTION_ONCE: fixed(409, '补正须一次性告知：该申请已告知过一次补正，不能再次要求补正（《政府信息公开条例》第三十条）；请予答复', 'What to correct is asked for once: this request was already sent back for correction (Disclosure Regulations Art. 30); answer it'),
  DISCLOSURE_CORRECTION_LATE: withParams<{ lastDay: string }>(409, { lastDay: '2026-09-28' }, ({ lastDay }) => ({
    zh: `补正须自收到申请之日起7个工作日内告知（最迟 ${lastDay}，《政府信息公开条例》第三十条），已逾期；请予答复`,
    en: `A correction is asked for within 7 working days of receipt (by ${lastDay}, Disclosure Regulations Art. 30); that has passed, so answer the request`,
  })),
  DISCLOSURE_EXTENSION_TOO_LONG: fixed(400, '延长的期限最长不得超过20个工作日', 'An extension may not exceed 20 working days'),
  DISCLOSURE_REASON_REQUIRED: fixed(400, '不予公开、部分公开、信息不存在、非本机关和补正的答复须写明理由或需补正的内容', 'A refusal, a partial disclosure, a not-held, a not-ours or a correction reply must state its reason or what to correct'),
  DISCLOSURE_REPLY_TEXT_REQUIRED: fixed(400, '公开或部分公开的答复须载明公开的信息内容或获取方式', 'An open or partial reply must give the information or how to obtain it'),
  DISCLOSURE_ALREADY_WITHDRAWN: fixed(409, '该公开信息已撤回', 'This publication has been withdrawn already'),
  DISCLOSURE_REPORT_YEAR_OPEN: fixed(409, '年度报告须在该年度结束后生成（《政府信息公开条例》第四十九条：每年1月31日前公布上一年度报告）', 'The annual report is generated once its year has ended (Disclosure Regulations Art. 49: by 31 January, for the year before)'),
  DISCLOSURE_REPORT_EXISTS: fixed(409, '本中心该年度的政府信息公开工作年度报告已公布；如需更正，请先撤回', 'This center has published its annual disclosure report for that year; withdraw it first to publish a corrected one'),
  DISCLOSURE_NO_REPLY_DOCUMENT: fixed(404, '该申请尚无答复文书', 'This request has no reply document yet'),
  DISCLOSURE_NO_THIRD_PARTY_LETTER: fixed(404, '该申请未征求第三方意见，没有致第三方的文书', 'No third party was consulted on this request: there is no letter to one'),
  FOREIGN_DOC_NATIONALITY: fixed(400, '国籍须为 ISO 3166-1 三位字母国家代码（如 USA、GBR），且不能为中国', 'The nationality must be an ISO 3166-1 alpha-3 country code (e.g. USA, GBR) other than China'),
  PASSPORT_NUMBER_FORMAT: fixed(400, '护照号码须为5至20位字母或数字', 'The passport number must be 5 to 20 letters or digits'),
  PERMANENT_RESIDENCE_FORMAT: fixed(400, '外国人永久居留身份证号码格式错误：应为15位（2017版，3位字母加12位数字）或18位（2023版，以9开头的17位数字加1位校验位）',
    'The permanent resident ID card number must have 15 characters (2017 card: 3 letters and 12 digits) or 18 (2023 card: 17 digits starting with 9 and a check character)'),
  PERMANENT_RESIDENCE_REGION: fixed(400, '永久居留身份证号码中的受理地代码不是有效的省级行政区划代码', 'The issuing province code in the permanent resident ID card number is not valid'),
  PERMANENT_RESIDENCE_NATIONALITY: fixed(400, '永久居留身份证号码中的国籍代码与所填国籍不符或不是有效的国家代码', 'The nationality code in the permanent resident ID card number is not a valid country code or differs from the nationality given'),
  PERMANENT_RESIDENCE_BIRTH_DATE: fixed(400, '永久居留身份证号码中的出生日期无效', 'The birth date in the permanent resident ID card number is not valid'),
  PERMANENT_RESIDENCE_CHECK_DIGIT: fixed(400, '永久居留身份证号码校验位错误', 'The check character of the permanent resident ID card number is wrong'),
  FOREIGN_DOC_EXISTS: fixed(409, '该证件号码已注册，请直接登录', 'An account with this document number exists already; please sign in'),
  // ---------------------------------------------------------------- evaluation experts: pool, draw, scoring (docs/experts.md)
  COMMITTEE_SIZE_EVEN: withParams<{ size: number }>(400, { size: 6 }, ({ size }) => ({
    zh: `评标委员会成员人数须为单数（当前 ${size} 人）`, en: `The evaluation committee must have an odd number of members (not ${size})`,
  })),
  COMMITTEE_TOO_SMALL: withParams<{ size: number; min: number; sector: string }>(400, { size: 5, min: 7, sector: 'water' }, ({ size, min, sector }) => ({
    zh: `评标委员会至少 ${min} 人（行业 ${sector === '*' ? '默认' : sector}），当前 ${size} 人`, en: `The evaluation committee needs at least ${min} members (sector ${sector === '*' ? 'default' : sector}), not ${size}`,
  })),
  COMMITTEE_EXPERT_SHARE: withParams<{ experts: number; size: number; num: number; den: number }>(400, { experts: 3, size: 5, num: 2, den: 3 }, ({ experts, size, num, den }) => ({
    zh: `专家须不少于成员总数的 ${num}/${den}（${size} 人中仅 ${experts} 名专家），招标人代表过多`, en: `Experts must be at least ${num}/${den} of the committee (${experts} of ${size}); too many buyer representatives`,
  })),
  EXPERT_EXISTS: fixed(409, '该身份证号码的专家已在专家库中', 'An expert with this ID number is already in the pool'),
  DRAW_TENDER_STATE: withParams<{ status: string }>(409, { status: 'draft' }, ({ status }) => ({
    zh: `招标项目当前状态（${status}）不能抽取评标专家`, en: `Experts cannot be drawn for a tender in state ${status}`,
  })),
  DRAW_EXISTS: fixed(409, '该招标项目已有未作废的专家抽取', 'This tender already has a draw that is not cancelled'),
  // `available` is left out before the tender's opening: the number would count the experts recused for a bidder's sake (第二十二条).
  DRAW_POOL_TOO_SMALL: withParams<{ needed: number; available?: number }>(409, { needed: 5, available: 3 }, ({ needed, available }) => (available === undefined ? {
    zh: `符合条件且无须回避的专家不足 ${needed} 名（人数开标前不公开）`, en: `Fewer than ${needed} eligible experts after recusal (the number is sealed until the opening)`,
  } : {
    zh: `符合条件且无须回避的专家仅 ${available} 名，至少需要 ${needed} 名`, en: `Only ${available} eligible experts after recusal; at least ${needed} are needed`,
  })),
  DRAW_SEED_DUE_PAST: fixed(400, '随机数来源的公布时间须晚于承诺发布时间', 'The seed must become public after the commitment is published'),
  DRAW_SEED_TOO_EARLY: withParams<{ dueAt: Date }>(409, { dueAt: new Date('2026-12-10T02:00:00Z') }, ({ dueAt }) => ({
    zh: `随机数须在 ${chinaMinute(dueAt)} 公布后才能录入`, en: `The seed can be entered only after it becomes public at ${dueAt.toISOString()}`,
  })),
  DRAW_STATE: withParams<{ status: string }>(409, { status: 'drawn' }, ({ status }) => ({
    zh: `该抽取当前状态（${status}）不能执行此操作`, en: `A draw in state ${status} cannot be given this action`,
  })),
  DRAW_SEED_SOURCES: withParams<{ expected: number }>(400, { expected: 2 }, ({ expected }) => ({
    zh: `承诺中声明了 ${expected} 组随机数，录入的组数须一致`, en: `The commitment named ${expected} random sources; enter exactly that many`,
  })),
  // 招标投标法实施条例 第四十八条: a member is replaced during the evaluation, not after it (docs/trading.md "Expert draw").
  DRAW_COMMITTEE_FINAL: withParams<{ status: string }>(409, { status: 'candidates_published' }, ({ status }) => ({
    zh: `评标已经结束或招标项目已终止（状态 ${status}），评标委员会的组成不能再更换`,
    en: `The evaluation is over or the tender has ended (status ${status}): the committee can no longer be changed`,
  })),
  DRAW_MEMBER_STATE: fixed(409, '该专家不是在席成员，或已答复', 'This expert is not seated or has already answered'),
  DRAW_RESERVE_EXHAUSTED: fixed(409, '候补专家已用完，须重新抽取', 'No reserve expert is left; a new draw is needed'),
  // Evaluation (评标, docs/trading.md "Evaluation").
  EVALUATION_NO_VALID_BIDS: withParams<{ rejected: number }>(409, { rejected: 3 }, ({ rejected }) => ({
    zh: `评标委员会已否决全部 ${rejected} 份投标，没有可推荐的中标候选人：依《招标投标法》第四十二条，应宣布招标失败并依法重新招标`,
    en: `The committee rejected all ${rejected} bids, so there is no candidate to publish: under the Bidding Law, Art. 42, declare the tender unsuccessful and tender it again`,
  })),
  // 招标投标法实施条例 第三十四条: bids related by their bidders' declarations or the registry's records are void (docs/trading.md "Related bidders").
  EVALUATION_RELATED_NOT_REJECTED: withParams<{ bidders: string[] }>(409, { bidders: ['海南一建集团有限公司'] }, ({ bidders }) => ({
    zh: `${bidders.join('、')} 与本项目其他投标人单位负责人为同一人或存在控股、管理关系（依投标人声明或企业登记信息），依《招标投标法实施条例》第三十四条相关投标均无效：请先否决这些投标，再提交评分表`,
    en: `${bidders.length} bid(s) share a principal with another bidder of this tender or are in a controlling or managing relation with one (by the bidders' declarations or the enterprise registry): under Art. 34 of the Regulation on the Bidding Law such bids are void; reject each before submitting the sheet`,
  })),
  EVALUATION_RELATED_TO_REVIEW: withParams<{ bidders: string[] }>(409, { bidders: ['海南一建集团有限公司'] }, ({ bidders }) => ({
    zh: `${bidders.join('、')} 与本项目其他投标人存在关联（评分表提交后依投标人声明或企业登记信息查明），依《招标投标法实施条例》第三十四条相关投标均无效，但评标委员会尚未否决：请先将有关评分表退回评标委员会复核，再公示中标候选人`,
    en: `${bidders.length} related bid(s) were found after sheets were submitted (by the bidders' declarations or the enterprise registry): under Art. 34 of the Regulation on the Bidding Law they are void, and the committee has not rejected them; return those sheets to the committee for review before publishing the candidates`,
  })),
  EVALUATION_RETURNED_NO_DECLINE: fixed(409, '您的评分表已提交过并被退回复核，不能再自行放弃席位；确需更换的，由专家抽取员依《招标投标法实施条例》第四十八条办理', 'Your sheet was submitted once and returned for review, so you can no longer give up the seat yourself; a replacement is made by the draw operator (Art. 48 of the Regulation on the Bidding Law)'),
  EVALUATION_NOTHING_TO_REVIEW: fixed(409, '没有需要退回复核的评分表：每份已提交的评分表都已否决全部关联投标', 'No sheet needs review: every submitted sheet rejects every related bid'),
  EVALUATION_NOT_MEMBER: fixed(403, '您不是该招标项目评标委员会的在席成员，不能评分', 'You are not a seated member of this tender\'s evaluation committee'),
  // 招标投标法实施条例 第四十六条; 评标专家和评标专家库管理办法: an expert with a conflict of interest recuses themselves.
  EVALUATION_EXPERT_RECUSED: withParams<{ reasons: string[] }>(403, { reasons: ['bidder_employee'] }, ({ reasons }) => ({
    zh: `您与本项目的投标人或招标人存在应当回避的情形（${reasons.join('、')}），不能评分；请告知专家抽取员登记回避，由候补专家依次递补`,
    en: `You have a conflict of interest with a bidder or the buyer of this tender (${reasons.join(', ')}) and must recuse yourself: tell the draw operator, who records it and seats the next reserve`,
  })),
  EVALUATION_STATE: withParams<{ status: string }>(409, { status: 'opening' }, ({ status }) => ({
    zh: `招标项目当前状态（${status}）不在评标阶段，不能评分或公示候选人`, en: `The tender is not in evaluation (state ${status}): no scoring or candidates`,
  })),
  EVALUATION_SCORE_RANGE: withParams<{ criterion: string; max: number }>(400, { criterion: 'technical', max: 50 }, ({ criterion, max }) => ({
    zh: `评分项 ${criterion} 的分值须在 0 至 ${max} 分之间（最多两位小数）`, en: `The score of ${criterion} must be between 0 and ${max} (two decimals at most)`,
  })),
  EVALUATION_CRITERION_UNKNOWN: withParams<{ criterion: string }>(400, { criterion: 'beauty' }, ({ criterion }) => ({
    zh: `该招标项目没有评分项 ${criterion}`, en: `This tender has no criterion ${criterion}`,
  })),
  EVALUATION_BID_NOT_SCORABLE: fixed(409, '只能对本项目已成功开启的投标评分；未能解密或已撤回的投标不参与评审', 'Only bids of this tender that were opened can be scored; a bid that failed to open or was withdrawn is not evaluated'),
  EVALUATION_SUBMITTED: fixed(409, '您已提交评分表，评分不能再修改', 'You have submitted your score sheet; it can no longer be changed'),
  EVALUATION_SHEET_INCOMPLETE: withParams<{ missing: number }>(409, { missing: 3 }, ({ missing }) => ({
    zh: `评分表尚有 ${missing} 项未评分，不能提交`, en: `${missing} scores are still missing from the sheet; it cannot be submitted`,
  })),
  EVALUATION_NOT_FINISHED: withParams<{ pending: number }>(409, { pending: 2 }, ({ pending }) => ({
    zh: `尚有 ${pending} 名评标专家未提交评分表，不能公示中标候选人`, en: `${pending} committee members have not submitted their sheets; the candidates cannot be published yet`,
  })),
  EVALUATION_NO_COMMITTEE: fixed(409, '该招标项目尚无抽取完成的评标委员会', 'This tender has no drawn evaluation committee yet'),
  EVALUATION_NO_BIDS: fixed(409, '该招标项目没有可评审的投标', 'This tender has no opened bid to evaluate'),
} as const;

/**
 * The framework's own 4xx answers that no code above covers (a plugin refusing a request): one
 * code per standard status, `HTTP_<status>`, with the framework's own English explanation.
 * Any other 4xx status is answered as BAD_REQUEST.
 */
export const FRAMEWORK_STATUSES = [401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 414, 416, 417, 421, 422, 423, 424, 425, 426, 428, 431, 451] as const;
export type FrameworkStatus = (typeof FRAMEWORK_STATUSES)[number];
const FRAMEWORK = Object.fromEntries(FRAMEWORK_STATUSES.map((status) => [
  `HTTP_${status}`,
  withParams<{ detail: string }>(status, { detail: 'Not Acceptable' }, ({ detail }) => ({ zh: '请求无法处理', en: detail })),
])) as Record<`HTTP_${FrameworkStatus}`, ErrorDef<{ detail: string }>>;

export const CATALOG = { ...NAMED, ...FRAMEWORK };
export type ErrorCode = keyof typeof CATALOG;
export const ERROR_CODES = Object.keys(CATALOG).sort() as ErrorCode[];

// ---------------------------------------------------------------- texts the messages are made of

const LICENCE_STATUS_ZH: Record<string, string> = { valid: '有效', suspended: '暂停', revoked: '撤销', expired: '过期', cancelled: '注销', not_yet_valid: '未生效' };

export type FormProblem = 'required' | 'too_long' | 'date' | 'number' | 'option';
const FORM_PROBLEMS: Record<FormProblem, Bilingual> = {
  required: { zh: '为必填项', en: 'is required' },
  too_long: { zh: '过长', en: 'is too long' },
  date: { zh: '应为日期 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  number: { zh: '应为数字', en: 'must be a number' },
  option: { zh: '不是可选的值', en: 'is not one of the options' },

};

/** A China (UTC+8, no daylight saving) minute, YYYY-MM-DD HH:mm. */
const chinaMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function describeIssue({ path, rule, detail }: { path?: string; rule: string; detail: string }): Bilingual {
  const f = path ?? '请求';
  const fe = path ?? 'request';
  switch (rule) {
    case 'invalid_type':
      return { zh: `「${f}」缺失或类型不正确`, en: `${fe} is missing or has the wrong type (${detail})` };
    case 'too_small':
    case 'too_big':
      return { zh: `「${f}」超出允许的长度或范围`, en: `${fe} is out of the allowed range (${detail})` };
    case 'invalid_format':
      return { zh: `「${f}」格式不正确`, en: `${fe} has a wrong format (${detail})` };
    case 'invalid_value':
      return { zh: `「${f}」不是允许的取值`, en: `${fe} is not an allowed value (${detail})` };
    case 'unrecognized_keys':
      return { zh: `「${f}」含有不允许的字段`, en: `${fe} has fields that are not allowed (${detail})` };
    default:
      return { zh: `「${f}」无效`, en: `${fe} is invalid (${detail})` };
  }
}
