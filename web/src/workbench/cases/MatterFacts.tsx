import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import type { CaseDetail } from '../../api/models';
import { Facts } from '../../components/cases/CaseBits';

/** A joint case's matter as the applicant answered it: lead department, denial rule, answers, included items. */
export function MatterFacts({ c }: { c: CaseDetail }) {
  const { t, pick, msg } = useT();
  const m = c.matter!;
  // Question labels come from the published matter; answers show as their codes when it is not there any more.
  const pub = useGet('/api/joint/matters/{id}', { path: { id: m.matterId } });
  const lead = m.items.find((i) => i.departmentId === m.leadDepartmentId)?.departmentName ?? '';
  const order = (k: string) => pub.data?.questions.findIndex((x) => x.key === k) ?? 0;
  const answers = Object.entries(m.answers).sort(([a], [b]) => order(a) - order(b)).map(([q, v]) => {
    const question = pub.data?.questions.find((x) => x.key === q);
    const option = question?.options.find((o) => o.value === v);
    const label = question ? msg(question.label) : q;
    return `${label}${/[?？:：]$/.test(label) ? ' ' : '：'}${option ? msg(option.label) : v}`;
  });
  return (
    <div data-testid="case-matter-facts" data-matter-id={m.matterId}>
      <Facts rows={[
        { key: 'name', label: t('sj.matter.title'), value: pick(m.name, m.nameEn), testid: 'case-matter-name' },
        { key: 'lead', label: t('sj.matter.lead'), value: lead, testid: 'case-matter-lead' },
        { key: 'rule', label: t('sj.matter.denialRule'), value: t(`jm.denial.${m.denialRule}`), testid: 'case-matter-denial-rule' },
        { key: 'answers', label: t('sj.matter.answers'), value: answers.length ? answers.join('；') : t('common.none'), testid: 'case-matter-answers' },
        {
          key: 'items', label: t('sj.matter.items'), testid: 'case-matter-items',
          value: m.items.map((i) => `${pick(i.name, i.nameEn)}（${i.departmentName}）`).join(t('common.listSep')),
        },
      ]} />
    </div>
  );
}
