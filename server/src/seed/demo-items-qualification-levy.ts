/**
 * 资格认证 and 行政征收 (seed 001 appendix: 教师资格认定, 计划生育家庭特别扶助对象确定,
 * 社会保险费征收, 土地闲置费征收, 水土保持补偿征收, 营业税、个人所得税等税收征收 …).
 * Qualification items are licences (01) or benefits (05); levies are type 04 and state the levy
 * itself as the item's fee, so the guide page shows rate and basis.
 */
import type { DemoItem } from './demo-catalog.ts';
import { businessLicence, E, form, idProof, item, mat, ORG_FIELDS, P, PE, PERSON_FIELDS, proxy, SAMPLE, when } from './demo-kit.ts';

const TEACHER_BASIS = ['《中华人民共和国教师法》第十条、第十一条、第十三条', '《教师资格条例》第四条、第五条、第十三条', '《〈教师资格条例〉实施办法》'];

const TEACHER_CONDITIONS = [
  '遵守宪法和法律，热爱教育事业，具有良好的思想品德',
  '普通话水平达到国家语言文字工作委员会颁布的《普通话水平测试等级标准》二级乙等以上',
  '身体健康，经认定机构指定的医院体检合格',
  '具备承担教育教学工作所必需的基本素质和能力',
];

const teacherMaterials = (level: string, exam: boolean) => [
  form('application', '教师资格认定申请表', [...PERSON_FIELDS, ['申请资格种类', level], ['任教学科', '数学'], ['最高学历', '本科'], ['普通话水平等级', '二级甲等'], ['现工作单位', '海口市示例中学']], { form: 'electronic' }),
  idProof(),
  mat('degree', '学历证书', { originalOrCopy: 'copy', eLicenceAccepted: true, source: '学信网在线核验' }),
  mat('mandarin', '普通话水平测试等级证书', { originalOrCopy: 'copy', eLicenceAccepted: true }),
  mat('medical', '认定机构指定医院出具的体检合格证明'),
  ...(exam ? [mat('exam', '中小学教师资格考试合格证明', { form: 'electronic' as const, eLicenceAccepted: true, ...when('参加国家统一考试的') })] : []),
];

export const QUALIFICATION_LEVY_ITEMS: DemoItem[] = [
  item({
    key: 'p-university-teacher-qualification', center: 'province', dept: 'p-edu', type: '01', main: '02002',
    name: '高等学校教师资格认定', en: 'Certifying the qualification of university teachers',
    basis: TEACHER_BASIS,
    conditions: ['具有研究生或者大学本科学历', '已在本省高等学校任职或拟聘任教', ...TEACHER_CONDITIONS],
    materials: teacherMaterials('高等学校教师资格', false),
    limits: [30, 15], visits: 1,
    special: [{ kind: 'testing', description: '由高等学校组织教育教学能力测试（试讲）', maxWorkdays: 10 }],
    who: P, themes: ['education'], events: ['employment'], zone: 'social',
    result: '教师资格证书',
  }),
  item({
    key: 'h-secondary-teacher-qualification', center: 'haikou', dept: 'h-edu', type: '01', main: '02003',
    name: '高级中学和中等职业学校教师资格认定', en: 'Certifying the qualification of senior secondary and vocational school teachers',
    basis: TEACHER_BASIS,
    conditions: ['具有大学本科毕业及以上学历', '通过中小学教师资格考试或符合免考条件', '户籍、居住证或工作单位在本市', ...TEACHER_CONDITIONS],
    materials: teacherMaterials('高级中学教师资格', true),
    limits: [30, 10],
    who: P, themes: ['education'], events: ['employment'], zone: 'social',
    result: '教师资格证书',
  }),
  item({
    key: 'p-tour-guide-licence', center: 'province', dept: 'p-tourism', type: '01', main: '14005',
    name: '导游证核发', en: 'Issuing the tour guide licence',
    basis: ['《中华人民共和国旅游法》第三十七条', '《导游管理办法》（国家旅游局令第44号）'],
    conditions: ['参加导游资格考试成绩合格，取得导游资格证', '与旅行社订立劳动合同或者在相关旅游行业组织注册', '无《导游管理办法》规定的不予核发导游证的情形'],
    materials: [
      form('application', '导游证申请表', [...PERSON_FIELDS, ['导游资格证编号', 'DYZG2024460000（示例）'], ['语种', '中文、英语'], ['执业单位', '海南示例国际旅行社有限公司']], { form: 'electronic' }),
      mat('qualification', '导游资格证', { originalOrCopy: 'copy', eLicenceAccepted: true }),
      mat('contract', '与旅行社订立的劳动合同或在旅游行业组织注册的证明', { originalOrCopy: 'copy' }),
      mat('photo', '本人近期正面免冠证件照', { form: 'electronic' }),
    ],
    limits: [10, 3], visits: 0,
    who: P, themes: ['culture'], events: ['employment'],
    result: '电子导游证',
  }),
  item({
    key: 'p-physician-registration', center: 'province', dept: 'p-health', type: '01', main: '15002',
    name: '医师执业注册', en: 'Registering physicians to practise',
    basis: ['《中华人民共和国医师法》第十三条、第十四条、第十五条', '《医师执业注册管理办法》'],
    conditions: ['取得医师资格', '有拟执业的省直医疗卫生机构聘用', '身体健康，能够胜任医师工作', '无《医师法》第十六条规定的不予注册情形'],
    materials: [
      form('application', '医师执业注册申请审核表', [...PERSON_FIELDS, ['医师资格证书编码', '202446000000000（示例）'], ['执业类别', '临床'], ['执业范围', '内科专业'], ['拟执业机构', '海南示例医院']], { form: 'electronic' }),
      mat('qualification', '医师资格证书', { originalOrCopy: 'copy', eLicenceAccepted: true }),
      mat('employment', '拟执业机构聘用证明', { originalOrCopy: 'copy' }),
      mat('medical', '近6个月内县级以上医疗机构出具的健康体检证明'),
      idProof(),
    ],
    limits: [20, 1], visits: 0,
    who: P, themes: ['health'], events: ['employment'],
    result: '医师执业证书（电子证照）',
  }),
  item({
    key: 'h-family-planning-special-assistance', center: 'haikou', dept: 'h-health', type: '05', main: '15004',
    name: '计划生育家庭特别扶助对象确认', en: 'Confirming eligibility for special assistance to family-planning families',
    basis: ['《中华人民共和国人口与计划生育法》', '《海南省人口与计划生育条例》'],
    conditions: ['本市户籍，女方年满49周岁', '只生育一个子女或合法收养一个子女', '现无存活子女，或独生子女被依法鉴定为残疾（伤病残达到三级以上）'],
    materials: [
      form('application', '计划生育家庭特别扶助申请表', [...PERSON_FIELDS, ['配偶姓名', SAMPLE.person2], ['子女情况', '独生子女已死亡'], ['扶助类别', '特别扶助（死亡）'], ['开户银行及账号', '示例银行 6200000000000002']]),
      mat('ids', '夫妻双方的居民身份证和居民户口簿', { eLicenceAccepted: true, copies: 0 }),
      mat('child_status', '独生子女死亡证明或残疾人证', { eLicenceAccepted: true }),
      mat('birth_status', '独生子女父母光荣证或生育情况证明'),
    ],
    limits: [20, 10],
    who: P, themes: ['health', 'civil_affairs'], zone: 'social',
    result: '特别扶助对象确认通知',
  }),
  item({
    key: 'p-social-insurance-contribution', center: 'province', dept: 'p-tax', type: '04', main: '21001',
    name: '社会保险费申报缴纳（省直单位）', en: 'Declaring and paying social insurance contributions of provincial units',
    basis: ['《中华人民共和国社会保险法》第五十八条、第六十条', '《社会保险费征缴暂行条例》第十条'],
    conditions: ['已办理社会保险登记的省直单位', '按月申报应缴纳的社会保险费数额'],
    materials: [
      form('application', '社会保险费缴费申报表', [...ORG_FIELDS, ['费款所属期', '2025年3月'], ['参保人数', '126'], ['缴费基数合计（元）', '1,008,000'], ['险种', '基本养老保险、失业保险、工伤保险']]),
      businessLicence(),
      mat('payroll', '职工工资总额明细', { form: 'electronic' }),
    ],
    limits: [0, 0], visits: 0,
    fees: [{
      item: '社会保险费',
      standard: '按缴费基数和本省规定费率计征，其中单位缴纳职工基本养老保险费的比例为16%',
      basis: '《中华人民共和国社会保险法》第十二条；《国务院办公厅关于印发降低社会保险费率综合方案的通知》（国办发〔2019〕13号）',
    }],
    who: E, themes: ['tax', 'social_security'], zone: 'tax',
    result: '社会保险费缴费凭证',
  }),
  item({
    key: 'p-soil-conservation-compensation', center: 'province', dept: 'p-water', type: '04', main: '12005',
    name: '水土保持补偿费征收', en: 'Levying the soil and water conservation compensation fee',
    basis: ['《中华人民共和国水土保持法》第三十二条', '《水土保持补偿费征收使用管理办法》（财综〔2014〕8号）'],
    conditions: ['在山区、丘陵区以及水土保持规划确定的容易发生水土流失的区域开办生产建设项目或者从事其他生产建设活动', '损坏水土保持设施、地貌植被，不能恢复原有水土保持功能'],
    materials: [
      form('application', '水土保持补偿费申报表', [...ORG_FIELDS, ['项目名称', '示例产业园区配套道路'], ['征占用土地面积（平方米）', '126000'], ['水土保持方案批复文号', '琼水示例〔2025〕2号']]),
      mat('plan_approval', '水土保持方案批复文件', { originalOrCopy: 'copy' }),
      mat('land', '征占用土地面积证明材料（用地批准文件）', { originalOrCopy: 'copy', eLicenceAccepted: true }),
      businessLicence(),
    ],
    limits: [10, 5],
    fees: [{
      item: '水土保持补偿费',
      standard: '按省价格、财政部门核定的标准计征：一般性生产建设项目按征占用土地面积一次性计征；开采矿产资源的按开采量或占用地表面积计征',
      basis: '《水土保持补偿费征收使用管理办法》（财综〔2014〕8号）；《国家发展改革委 财政部关于水土保持补偿费收费标准（试行）的通知》（发改价格〔2014〕886号）',
    }],
    who: E, themes: ['tax', 'agriculture', 'construction'], zone: 'construction',
    result: '水土保持补偿费核定通知书（由税务部门征收入库）',
  }),
  item({
    key: 'h-idle-land-fee', center: 'haikou', dept: 'h-nature', type: '04', main: '08007',
    name: '土地闲置费征收', en: 'Levying the idle land fee',
    basis: ['《中华人民共和国土地管理法》第三十八条', '《中华人民共和国城市房地产管理法》第二十六条', '《闲置土地处置办法》（国土资源部令第53号）第十四条'],
    conditions: ['国有建设用地使用权人超过出让合同约定的动工开发日期满一年未动工开发', '经调查认定属于非政府原因造成土地闲置'],
    materials: [
      form('application', '闲置土地调查情况说明书', [...ORG_FIELDS, ['宗地位置', '海口市示例区样板路以西'], ['宗地面积（平方米）', '20000'], ['约定动工日期', '2023年6月30日'], ['闲置原因说明', '企业资金未到位']]),
      mat('transfer_contract', '国有建设用地使用权出让合同', { originalOrCopy: 'copy' }),
      mat('land_cert', '不动产权证书', { originalOrCopy: 'copy', eLicenceAccepted: true }),
      mat('explanation', '造成闲置原因的证明材料', when('主张属于政府原因或者不可抗力造成闲置的')),
    ],
    limits: [30, 20],
    special: [{ kind: 'hearing', description: '当事人要求听证的，依法组织听证', maxWorkdays: 20 }],
    fees: [{ item: '土地闲置费', standard: '按照土地出让或者划拨价款的20%征缴', basis: '《闲置土地处置办法》第十四条；《中华人民共和国城市房地产管理法》第二十六条' }],
    who: E, themes: ['tax', 'housing'], zone: 'realestate',
    result: '征缴土地闲置费决定书',
  }),
  item({
    key: 'h-deed-tax', center: 'haikou', dept: 'h-tax', type: '04', main: '21002',
    name: '契税申报', en: 'Declaring the deed tax',
    basis: ['《中华人民共和国契税法》第一条、第三条、第九条、第十条'],
    conditions: ['在本市境内转移土地、房屋权属，承受土地、房屋权属的单位和个人', '在依法办理土地、房屋权属登记手续前申报缴纳'],
    materials: [
      form('application', '契税税源明细表', [['纳税人', SAMPLE.person], ['证件号码', SAMPLE.idNumber], ['房屋坐落', '海口市示例区样板路1号示例花园3栋1201房'], ['权属转移方式', '房屋买卖'], ['成交价格（元）', '1,680,000'], ['面积（平方米）', '89.6'], ['是否家庭唯一住房', '是']]),
      idProof(),
      mat('contract', '房屋买卖合同等权属转移合同'),
      mat('housing_status', '家庭住房情况书面查询结果或承诺', when('享受住房契税优惠的')),
      proxy(),
    ],
    limits: [0, 0], visits: 0,
    fees: [{
      item: '契税',
      standard: '税率3%；个人购买家庭唯一住房或第二套住房，面积140平方米及以下的减按1%，唯一住房140平方米以上减按1.5%，第二套140平方米以上减按2%',
      basis: '《中华人民共和国契税法》第三条；《财政部 税务总局 住房城乡建设部关于促进房地产市场平稳健康发展有关税收政策的公告》（2024年第16号）',
    }],
    who: PE, themes: ['tax', 'housing'], events: ['buy_house'], zone: 'realestate',
    result: '契税完税证明',
  }),
  item({
    key: 'h-iit-annual-settlement', center: 'haikou', dept: 'h-tax', type: '04', main: '21003',
    name: '个人所得税综合所得年度汇算', en: 'Annual settlement of individual income tax on comprehensive income',
    basis: ['《中华人民共和国个人所得税法》第二条、第六条、第十一条', '《中华人民共和国个人所得税法实施条例》第二十五条'],
    conditions: ['取得综合所得，需要补税或者申请退税的居民个人', '在取得所得的次年3月1日至6月30日内办理'],
    materials: [
      form('application', '个人所得税年度自行纳税申报表（A表）', [...PERSON_FIELDS, ['纳税年度', '2024'], ['任职受雇单位', SAMPLE.company], ['综合所得收入额（元）', '168,000'], ['应退（补）税额（元）', '-1,260']], { form: 'electronic' }),
      idProof(),
      mat('deductions', '专项附加扣除信息', { form: 'electronic', ...when('享受专项附加扣除的') }),
      mat('medical_bills', '大病医疗支出票据', when('申报大病医疗专项附加扣除的')),
    ],
    limits: [0, 0], visits: 0,
    fees: [{ item: '个人所得税', standard: '综合所得适用3%至45%的超额累进税率', basis: '《中华人民共和国个人所得税法》第三条' }],
    who: P, themes: ['tax'], zone: 'tax',
    result: '年度汇算申报结果（退税款直接退至本人银行账户）',
  }),
  item({
    key: 'h-invoice-issuance', center: 'haikou', dept: 'h-tax', type: '10', main: '21004',
    name: '发票领用', en: 'Obtaining invoices',
    basis: ['《中华人民共和国税收征收管理法》第二十一条', '《中华人民共和国发票管理办法》第十五条'],
    conditions: ['已办理设立登记的单位和个人', '依法需要开具发票'],
    materials: [
      form('application', '发票领用申请表', [['纳税人名称', '海南示例餐饮管理有限公司'], ['纳税人识别号', SAMPLE.creditCode], ['发票种类', '数电发票（增值税专用发票、普通发票）'], ['申请开票额度（元）', '200,000'], ['经办人', SAMPLE.person2], ['经办人联系电话', SAMPLE.phone]]),
      businessLicence(),
      idProof('经办人'),
    ],
    limits: [0, 0], visits: 0,
    who: PE, themes: ['tax', 'business'], events: ['start_business', 'open_restaurant'], zone: 'tax',
    result: '数电发票开票额度',
  }),
];
