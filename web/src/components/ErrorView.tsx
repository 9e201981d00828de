// An error message with an optional retry button.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { CombinedError } from 'urql';
import { errorMessage } from '../api/errors';

interface Props {
  error: CombinedError | string;
  title?: string;
  onRetry?: () => void;
}

export function ErrorView({ error, title = 'Something went wrong', onRetry }: Props) {
  const message = typeof error === 'string' ? error : errorMessage(error);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
