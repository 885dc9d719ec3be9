import type { ReactNode } from 'react';
import {
  AccountBookOutlined, AppstoreOutlined, BankOutlined, BookOutlined, BuildOutlined, CarOutlined, EnvironmentOutlined,
  ExperimentOutlined, GiftOutlined, HeartOutlined, HomeOutlined, IdcardOutlined, MedicineBoxOutlined, ReadOutlined,
  SafetyCertificateOutlined, ShopOutlined, SmileOutlined, SolutionOutlined, TeamOutlined, TrophyOutlined, WalletOutlined,
} from '@ant-design/icons';

// Matched by substring, so "social_security" and "socialSecurity" both find their icon.
const ICONS: [RegExp, ReactNode][] = [
  [/household|hukou|residen|identity|idcard|certif/i, <IdcardOutlined />],
  [/agricul|farm|forest|fish|rural/i, <EnvironmentOutlined />],
  [/retire|pension/i, <SafetyCertificateOutlined />],
  [/educat|school|study/i, <BookOutlined />],
  [/employ|job|work|labou?r/i, <SolutionOutlined />],
  [/social|insur|pension|secur/i, <SafetyCertificateOutlined />],
  [/medic|health|hospital/i, <MedicineBoxOutlined />],
  [/hous|home|estate|property/i, <HomeOutlined />],
  [/transport|traffic|vehicle|car|driv/i, <CarOutlined />],
  [/tax|financ|fund/i, <AccountBookOutlined />],
  [/business|enterprise|company|market|trade|open/i, <ShopOutlined />],
  [/construct|build|engineer|project|plan/i, <BuildOutlined />],
  [/marri|family|wedding/i, <HeartOutlined />],
  [/birth|child|baby|matern/i, <SmileOutlined />],
  [/cultur|tour|sport|media/i, <ReadOutlined />],
  [/environ|ecolog|water/i, <EnvironmentOutlined />],
  [/civil|communit|elder|aged|disab|relief|welfare/i, <TeamOutlined />],
  [/science|tech|patent|quality/i, <ExperimentOutlined />],
  [/award|honou?r|talent/i, <TrophyOutlined />],
  [/subsid|benefit|allowance/i, <GiftOutlined />],
  [/pay|fee|wallet/i, <WalletOutlined />],
  [/gov|public|admin/i, <BankOutlined />],
];

export function themeIcon(key: string): ReactNode {
  for (const [re, icon] of ICONS) if (re.test(key)) return icon;
  return <AppstoreOutlined />;
}
