// A dismissable success or error message about an action just taken.
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';

export interface NoticeValue {
  ok: boolean;
  message: string;
}

export function Notice({ notice, onDismiss }: { notice: NoticeValue; onDismiss: () => void }) {
  return (
    <MessageBar intent={notice.ok ? 'success' : 'error'} role="status">
      <MessageBarBody>{notice.message}</MessageBarBody>
      <MessageBarActions>
        <Button appearance="transparent" onClick={onDismiss} aria-label="Dismiss">
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
