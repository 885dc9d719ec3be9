import { Radio } from 'antd';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

export const LEVELS = [5, 4, 3, 2, 1] as const;
/** The word of a level, 5 非常满意 … 1 非常不满意. */
export const levelKey = (n: number) => `rt.level.${n}` as MessageKey;

/**
 * Five large choices with their words (非常满意 … 非常不满意), one per line on a phone. `large` is the
 * window's pad and the kiosk: the person in front of it may be elderly and is standing.
 */
export function LevelChoice({ value, onChange, name, large }: { value: number | undefined; onChange: (v: number) => void; name: string; large?: boolean }) {
  const { t } = useT();
  const size = large ? { minHeight: 72, lineHeight: '70px', fontSize: 24, flex: '1 1 180px' } : { minHeight: 48, lineHeight: '46px', fontSize: 18, flex: '1 1 150px' };
  return (
    <Radio.Group value={value} onChange={(e) => onChange(e.target.value as number)} aria-label={name} data-testid="rating-levels"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {LEVELS.map((l) => (
        <Radio.Button key={l} value={l} data-testid={`rating-level-${l}`} style={{ ...size, textAlign: 'center' }}>
          {t(`rt.level.${l}`)}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}
