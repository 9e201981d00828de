// A dialog to add a blocklist source or change one (ADMIN); checks the form before sending it. A new source
// bans on the host chosen for it (the local host unless another is chosen); a source keeps its host.
// The dialog stays mounted and is opened and closed: a Fluent dialog unmounted while open leaves
// aria-hidden on the rest of the page.
import { useId, useState } from 'react';
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
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CreateBlocklistSourceMutation, UpdateBlocklistSourceMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { EMPTY_SOURCE_FORM, INTERVAL_MINUTES, sourceToForm, validateSourceForm } from '../lib/blocklistForm';
import type { SourceForm, SourceFormErrors } from '../lib/blocklistForm';
import { localHostName, oneHostParam } from '../lib/hosts';
import { ErrorView } from '../components/ErrorView';
import { HostPicker } from '../hosts/HostPicker';
import { useHosts } from '../hosts/useHosts';
import type { Source } from './SourcesTable';

const useStyles = makeStyles({
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** A new source can come with an empty list, which the document cache cannot see; name its type. */
const SOURCE_CONTEXT = { additionalTypenames: ['BlocklistSource'] };

interface FormProps {
  /** The source to change, or null to add one. */
  source: Source | null;
  /** Jail names to suggest. */
  jails: readonly string[];
  onClose: () => void;
  onSaved: (message: string) => void;
}

interface Props extends FormProps {
  open: boolean;
  /** Changes at each opening, so that the form starts afresh. */
  opening: number;
}

export function SourceFormDialog({ open, opening, ...form }: Props) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && form.onClose()}>
      <DialogSurface>
        <SourceEditor key={opening} {...form} />
      </DialogSurface>
    </Dialog>
  );
}

function SourceEditor({ source, jails, onClose, onSaved }: FormProps) {
  const styles = useStyles();
  const jailListId = useId();
  const [form, setForm] = useState<SourceForm>(() => (source ? sourceToForm(source) : EMPTY_SOURCE_FORM));
  const [errors, setErrors] = useState<SourceFormErrors>({});
  const hosts = useHosts();
  const names = hosts.map((h) => h.name);
  const local = localHostName(hosts);
  /** The host chosen for a new source; null until one is. */
  const [chosenHost, setChosenHost] = useState<string | null>(null);
  // The local host unless another is chosen; on a hub without one, the first host.
  const hostName = chosenHost ?? local ?? names[0] ?? '';
  const [created, create] = useMutation(CreateBlocklistSourceMutation);
  const [updated, update] = useMutation(UpdateBlocklistSourceMutation);
  const { fetching, error } = source ? updated : created;
  const set = <K extends keyof SourceForm>(key: K, value: SourceForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateSourceForm(form);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    // A source's host does not change: null keeps it. A new one names its host unless it is the local one.
    const input = { ...checked.input, host: source ? null : oneHostParam(hostName, local) };
    const result = source ? await update({ id: source.id, input }, SOURCE_CONTEXT) : await create({ input }, SOURCE_CONTEXT);
    if (!result.error) onSaved(source ? `Saved ${input.name}.` : `Added ${input.name}.`);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={source ? `Edit ${source.name}` : 'Add a blocklist source'}>
      <DialogBody>
        <DialogTitle>{source ? `Edit ${source.name}` : 'Add a blocklist source'}</DialogTitle>
        <DialogContent className={styles.fields}>
          <Field label="Name" validationMessage={errors.name} required>
            <Input value={form.name} onChange={(_, d) => set('name', d.value)} placeholder="Spamhaus DROP" />
          </Field>
          <Field label="URL" hint="The list is downloaded from here; http or https." validationMessage={errors.url} required>
            <Input type="url" value={form.url} onChange={(_, d) => set('url', d.value)} placeholder="https://example.org/list.txt" />
          </Field>
          {source ? (
            <Field label="Host" hint="A source's host does not change: add a source for another host.">
              <Input value={source.host} readOnly />
            </Field>
          ) : (
            names.length > 1 && <HostPicker value={hostName} hosts={names} allHosts={false} onChange={setChosenHost} />
          )}
          <Field label="Jail" hint="Its addresses are banned in this jail." validationMessage={errors.jail} required>
            <Input value={form.jail} onChange={(_, d) => set('jail', d.value)} list={jailListId} placeholder="sshd" />
          </Field>
          <datalist id={jailListId}>
            {jails.map((jail) => (
              <option key={jail} value={jail} />
            ))}
          </datalist>
          <Field
            label="Interval (minutes)"
            hint={`From ${INTERVAL_MINUTES.min} to ${INTERVAL_MINUTES.max}; 1440 is once a day.`}
            validationMessage={errors.intervalMinutes}
            required
          >
            <Input inputMode="numeric" value={form.intervalMinutes} onChange={(_, d) => set('intervalMinutes', d.value)} />
          </Field>
          <Switch label="Import on schedule" checked={form.enabled} onChange={(_, d) => set('enabled', d.checked)} />
          <Field
            label="Allowlist"
            hint="One IP address or CIDR network per line; these are never banned from this list."
            validationMessage={errors.allowlist}
          >
            <Textarea value={form.allowlist} onChange={(_, d) => set('allowlist', d.value)} rows={4} resize="vertical" />
          </Field>
          <Checkbox
            label="Unban addresses that leave the list"
            checked={form.unbanRemoved}
            onChange={(_, d) => set('unbanRemoved', d.checked === true)}
          />
          {error && <ErrorView error={errorMessage(error)} title="Not saved" />}
        </DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={onClose} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" disabled={fetching}>
            {source ? 'Save' : 'Add source'}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
