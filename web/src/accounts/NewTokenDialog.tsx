// Shows a new API token's secret this one time, with a button to copy it. The dialog stays mounted
// and is opened and closed, as a Fluent dialog unmounted while open leaves aria-hidden behind.
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
} from '@fluentui/react-components';

type Copied = 'idle' | 'copied' | 'unavailable';

interface Props {
  /** The token just created; null closes the dialog, which forgets the secret. */
  created: { name: string; secret: string } | null;
  onClose: () => void;
}

export function NewTokenDialog({ created, onClose }: Props) {
  return (
    <Dialog open={created !== null} modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>{created && <NewToken key={created.secret} {...created} onClose={onClose} />}</DialogSurface>
    </Dialog>
  );
}

function NewToken({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState<Copied>('idle');

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret);
      setCopied('copied');
    } catch {
      setCopied('unavailable');
    }
  };

  return (
    <DialogBody>
      <DialogTitle>Token {name} created</DialogTitle>
      <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <MessageBar intent="warning">
          <MessageBarBody>This is the only time the token is shown. Copy it now and keep it somewhere safe.</MessageBarBody>
        </MessageBar>
        <Field label="New API token">
          <Input readOnly value={secret} onFocus={(event) => event.currentTarget.select()} style={{ fontFamily: 'monospace' }} />
        </Field>
        <Text>
          Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
        </Text>
        {copied === 'copied' && (
          <Text role="status" weight="semibold">
            Copied to the clipboard.
          </Text>
        )}
        {copied === 'unavailable' && (
          <Text role="status" weight="semibold">
            The clipboard is not available here. Select the token above and copy it yourself.
          </Text>
        )}
      </DialogContent>
      <DialogActions>
        <Button appearance="primary" onClick={copy}>
          Copy
        </Button>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </DialogBody>
  );
}
