// Adds an address or network, with a comment and an optional expiry, to an ignore list or the allowlist.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { EMPTY_IGNORE_ENTRY, MAX_COMMENT, validateIgnoreEntry } from '../lib/ignoreEntryForm';
import type { IgnoreEntryErrors, IgnoreEntryValues } from '../lib/ignoreEntryForm';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  field: { minWidth: '160px', flexGrow: 1, flexBasis: '180px' },
  input: { minWidth: 0 },
  submit: { marginTop: '26px' },
});

interface Props {
  /** The form's accessible name, e.g. "Add to the ignore list of sshd". */
  label: string;
  busy: boolean;
  /** Sends the entry; resolves to whether it was added, so the form empties. */
  onAdd: (values: IgnoreEntryValues) => Promise<boolean>;
}

export function IgnoreEntryForm({ label, busy, onAdd }: Props) {
  const styles = useStyles();
  const [form, setForm] = useState(EMPTY_IGNORE_ENTRY);
  const [errors, setErrors] = useState<IgnoreEntryErrors>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateIgnoreEntry(form, new Date());
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (await onAdd(result.values)) setForm(EMPTY_IGNORE_ENTRY);
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label={label} noValidate>
      <Field label="Address or network" className={styles.field} validationMessage={errors.ip} required>
        <Input
          className={styles.input}
          value={form.ip}
          onChange={(_, d) => setForm({ ...form, ip: d.value })}
          placeholder="192.168.0.0/16"
        />
      </Field>
      <Field label="Comment" className={styles.field} validationMessage={errors.comment}>
        <Input
          className={styles.input}
          value={form.comment}
          maxLength={MAX_COMMENT}
          onChange={(_, d) => setForm({ ...form, comment: d.value })}
          placeholder="Office network"
        />
      </Field>
      <Field label="Expires after" className={styles.field} hint="e.g. 1h, 7d, 1w; empty: never" validationMessage={errors.expiresIn}>
        <Input className={styles.input} value={form.expiresIn} onChange={(_, d) => setForm({ ...form, expiresIn: d.value })} />
      </Field>
      <Button type="submit" className={styles.submit} disabled={busy}>
        Add
      </Button>
    </form>
  );
}
