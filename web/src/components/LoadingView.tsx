// A centred spinner with a label, for content that is still loading.
import { Spinner } from '@fluentui/react-components';

export function LoadingView({ label = 'Loading…' }: { label?: string }) {
  return (
    <div style={{ padding: 24, display: 'flex', justifyContent: 'center' }} role="status">
      <Spinner label={label} />
    </div>
  );
}
