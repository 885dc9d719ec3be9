import type { ReactNode } from 'react';
import { Empty, Typography } from 'antd';

/** An empty list's message. Its own file: a page that shows only this need not load ContentView's Table. */
export function EmptyBlock({ text, testid }: { text: string; testid?: string }) {
  return (
    <div data-testid={testid}>
      <Empty description={text} />
    </div>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}
