// A quiet line of text for lists and charts with nothing to show.
import { Text, tokens } from '@fluentui/react-components';

export function EmptyState({ children }: { children: string }) {
  return (
    <Text as="p" style={{ color: tokens.colorNeutralForeground3, margin: 0, padding: '12px 0' }}>
      {children}
    </Text>
  );
}
