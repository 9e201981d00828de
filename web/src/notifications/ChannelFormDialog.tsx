// A dialog to add a notification channel or change one; checks the form before sending it. A stored
// secret is never shown: left empty, the field keeps it.
// The dialog stays mounted and is opened and closed: a Fluent dialog unmounted while open leaves
// aria-hidden on the rest of the page.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CreateNotificationChannelMutation, UpdateNotificationChannelMutation } from '../api/notificationOperations';
import { errorMessage } from '../api/errors';
import type { ChannelKind } from '../gql/graphql';
import {
  CHANNEL_KINDS,
  EMPTY_CHANNEL_FORM,
  KIND_LABELS,
  SECRET_HINTS,
  TARGET_PLACEHOLDERS,
  channelToForm,
  takesSecret,
  validateChannelForm,
} from '../lib/channelForm';
import type { ChannelForm, ChannelFormErrors } from '../lib/channelForm';
import { ErrorView } from '../components/ErrorView';
import type { Channel } from './ChannelsTable';

const useStyles = makeStyles({
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** A new channel can join an empty list, which the document cache cannot see; name its type. */
export const CHANNEL_CONTEXT = { additionalTypenames: ['NotificationChannel'] };

interface FormProps {
  /** The channel to change, or null to add one. */
  channel: Channel | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}

interface Props extends FormProps {
  open: boolean;
  /** Changes at each opening, so that the form starts afresh. */
  opening: number;
}

export function ChannelFormDialog({ open, opening, ...form }: Props) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && form.onClose()}>
      <DialogSurface>
        <ChannelEditor key={opening} {...form} />
      </DialogSurface>
    </Dialog>
  );
}

function ChannelEditor({ channel, onClose, onSaved }: FormProps) {
  const styles = useStyles();
  const [form, setForm] = useState<ChannelForm>(() => (channel ? channelToForm(channel) : EMPTY_CHANNEL_FORM));
  const [errors, setErrors] = useState<ChannelFormErrors>({});
  const [created, create] = useMutation(CreateNotificationChannelMutation);
  const [updated, update] = useMutation(UpdateNotificationChannelMutation);
  const { fetching, error } = channel ? updated : created;
  const set = <K extends keyof ChannelForm>(key: K, value: ChannelForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const title = channel ? `Edit ${channel.name}` : 'Add a notification channel';
  const email = form.kind === 'EMAIL';
  const secretHint = SECRET_HINTS[form.kind];
  const keepsSecret = channel?.hasSecret === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateChannelForm(form, channel !== null);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const { input } = checked;
    const result = channel ? await update({ id: channel.id, input }, CHANNEL_CONTEXT) : await create({ input }, CHANNEL_CONTEXT);
    if (!result.error) onSaved(channel ? `Saved ${input.name}.` : `Added ${input.name}.`);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={styles.fields}>
          <Field label="Name" validationMessage={errors.name} required>
            <Input value={form.name} onChange={(_, d) => set('name', d.value)} placeholder="On-call webhook" />
          </Field>
          <Field label="Kind" required>
            <Select value={form.kind} onChange={(_, d) => set('kind', d.value as ChannelKind)}>
              {CHANNEL_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label={email ? 'E-mail address' : 'URL'}
            hint={email ? 'Messages are sent to this address.' : 'Messages are sent here; http or https.'}
            validationMessage={errors.target}
            required
          >
            <Input
              type={email ? 'email' : 'url'}
              value={form.target}
              onChange={(_, d) => set('target', d.value)}
              placeholder={TARGET_PLACEHOLDERS[form.kind]}
            />
          </Field>
          {secretHint && (
            <Field
              label="Secret"
              hint={keepsSecret ? `${secretHint} A secret is set: leave this empty to keep it.` : `${secretHint} Optional.`}
              validationMessage={errors.secret}
            >
              <Input
                type="password"
                autoComplete="new-password"
                value={form.secret}
                disabled={form.removeSecret}
                onChange={(_, d) => set('secret', d.value)}
              />
            </Field>
          )}
          {keepsSecret && takesSecret(form.kind) && (
            <Checkbox
              label="Remove the stored secret"
              checked={form.removeSecret}
              onChange={(_, d) => setForm((current) => ({ ...current, removeSecret: d.checked === true, secret: '' }))}
            />
          )}
          <Switch label="Enabled" checked={form.enabled} onChange={(_, d) => set('enabled', d.checked)} />
          {error && <ErrorView error={errorMessage(error)} title="Not saved" />}
        </DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={onClose} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" disabled={fetching}>
            {channel ? 'Save' : 'Add channel'}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
