import { useEffect, useState } from 'react';
import { Button, Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useT } from '../i18n';

/** Input + button; testids `search-input` and `search-button`. */
export function SearchBox({ initial = '', onSearch, size = 'large', className }: {
  initial?: string;
  onSearch: (q: string) => void;
  size?: 'large' | 'middle';
  className?: string;
}) {
  const { t } = useT();
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);
  const go = () => onSearch(q.trim());
  return (
    <form
      className={className}
      role="search"
      style={{ display: 'flex', gap: 8, width: '100%' }}
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
    >
      <Input
        size={size}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('home.searchPlaceholder')}
        aria-label={t('home.searchPlaceholder')}
        allowClear
        prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,.35)' }} />}
        data-testid="search-input"
        maxLength={100}
      />
      <Button size={size} type="primary" htmlType="submit" data-testid="search-button" icon={<SearchOutlined />}>
        {t('common.search')}
      </Button>
    </form>
  );
}
