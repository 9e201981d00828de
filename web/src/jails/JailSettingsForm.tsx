// Shows a running jail's banTime, findTime and maxRetry in human units; ADMINs can edit and save them.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { UpdateJailMutation } from '../api/operations';
import { changedSettings, validateJailSettings } from '../lib/validation';
import type { JailSettingsErrors, JailSettingsForm as FormValues, JailSettingsValues } from '../lib/validation';
import { durationInput, formatDuration } from '../lib/duration';
import { ChangeErrorView } from '../components/ChangeErrorView';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  // Lets an input shrink below its natural width (about 200px) to its column, narrower on a phone.
  input: { minWidth: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', marginTop: tokens.spacingVerticalS, flexWrap: 'wrap' },
});

function toForm(values: JailSettingsValues): FormValues {
  return { banTime: durationInput(values.banTime), findTime: durationInput(values.findTime), maxRetry: `${values.maxRetry}` };
}

interface Props {
  jail: string;
  /** The jail's host. */
  host: string;
  values: JailSettingsValues;
  editable: boolean;
  /** A stopped jail's settings read as zeros: fail2ban reports those of running jails only. */
  running?: boolean;
}

export function JailSettingsForm({ jail, host, values, editable, running = true }: Props) {
  const styles = useStyles();
  const [form, setForm] = useState(() => toForm(values));
  const [errors, setErrors] = useState<JailSettingsErrors>({});
  const [saved, setSaved] = useState(false);
  const [{ fetching, error }, update] = useMutation(UpdateJailMutation);
  const { banTime, findTime, maxRetry } = values;
  // New settings from the server replace the form's text.
  const [shown, setShown] = useState<JailSettingsValues>(values);
  if (banTime !== shown.banTime || findTime !== shown.findTime || maxRetry !== shown.maxRetry) {
    setShown({ banTime, findTime, maxRetry });
    setForm(toForm({ banTime, findTime, maxRetry }));
  }

  if (!running) return <Text>fail2ban reports the settings of a running jail only.</Text>;
  if (!editable) {
    return (
      <div className={styles.grid}>
        <Text>Ban time: {formatDuration(banTime)}</Text>
        <Text>Find time: {formatDuration(findTime)}</Text>
        <Text>Max retry: {maxRetry}</Text>
      </div>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = validateJailSettings(form);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    const input = changedSettings(values, result.values);
    if (Object.keys(input).length === 0) return;
    const answer = await update({ name: jail, input, host });
    if (!answer.error) setSaved(true);
  };

  const field = (key: keyof FormValues, label: string, hint: string, numeric = false) => (
    <Field label={label} hint={hint} validationMessage={errors[key]} required>
      <Input
        className={styles.input}
        inputMode={numeric ? 'numeric' : 'text'}
        value={form[key]}
        onChange={(_, d) => setForm({ ...form, [key]: d.value })}
      />
    </Field>
  );

  return (
    <form onSubmit={submit} aria-label={`Settings of ${jail}`}>
      <div className={styles.grid}>
        {field('banTime', 'Ban time', '10m, 1h, 7d, 1w or seconds; -1 is permanent')}
        {field('findTime', 'Find time', 'Window for failures: 10m, 1h or seconds')}
        {field('maxRetry', 'Max retry', 'Failures before a ban', true)}
      </div>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={fetching}>
          Save settings
        </Button>
        {saved && <Text role="status">Saved.</Text>}
      </div>
      {error && <ChangeErrorView error={error} title="Settings not saved" />}
    </form>
  );
}
