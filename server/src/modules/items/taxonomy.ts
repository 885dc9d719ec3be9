/** Themes and life events by which the portal groups items; items store the keys. */
export interface Label {
  key: string;
  zh: string;
  en: string;
}

/** Themes (主题) of the portal's catalog; items store the keys in content.themes. */
export const THEMES: Label[] = [
  { key: 'construction', zh: '工程建设', en: 'Construction projects' },
  { key: 'business', zh: '企业开办与经营', en: 'Starting and running a business' },
  { key: 'social_security', zh: '社会保障', en: 'Social security' },
  { key: 'household', zh: '户籍身份', en: 'Household registration and identity' },
  { key: 'education', zh: '教育', en: 'Education' },
  { key: 'health', zh: '医疗卫生', en: 'Health care' },
  { key: 'transport', zh: '交通出行', en: 'Transport' },
  { key: 'tax', zh: '税费', en: 'Taxes and fees' },
  { key: 'culture', zh: '文化旅游', en: 'Culture and tourism' },
  { key: 'environment', zh: '生态环境', en: 'Ecology and environment' },
  { key: 'housing', zh: '住房与不动产', en: 'Housing and real estate' },
  { key: 'agriculture', zh: '农林水利', en: 'Agriculture, forestry and water' },
  { key: 'civil_affairs', zh: '民政与法律服务', en: 'Civil affairs and legal services' },
];

/** Life events (一件事); items store the keys in content.lifeEvents. */
export const LIFE_EVENTS: Label[] = [
  { key: 'start_business', zh: '开办企业', en: 'Starting a company' },
  { key: 'open_restaurant', zh: '开办餐馆', en: 'Opening a restaurant' },
  { key: 'open_hotel', zh: '开办旅馆民宿', en: 'Opening a hotel or homestay' },
  { key: 'build_house', zh: '建房', en: 'Building a house' },
  { key: 'buy_house', zh: '购房', en: 'Buying a home' },
  { key: 'marriage', zh: '婚姻', en: 'Marriage' },
  { key: 'birth', zh: '生育', en: 'Having a baby' },
  { key: 'employment', zh: '就业', en: 'Finding a job' },
  { key: 'retirement', zh: '退休', en: 'Retirement' },
  { key: 'buy_car', zh: '购车', en: 'Buying a car' },
];

export function labelOf(list: Label[], key: string): { zh: string; en: string } {
  const found = list.find((l) => l.key === key);
  return found ? { zh: found.zh, en: found.en } : { zh: key, en: key };
}
