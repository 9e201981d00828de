// A titled card that frames one block of a page.
import type { ReactNode } from 'react';
import { Card, CardHeader, Subtitle2 } from '@fluentui/react-components';

interface Props {
  title: string;
  children: ReactNode;
}

export function Panel({ title, children }: Props) {
  return (
    <Card style={{ minWidth: 0 }}>
      <CardHeader header={<Subtitle2 as="h2" style={{ margin: 0 }}>{title}</Subtitle2>} />
      {children}
    </Card>
  );
}
