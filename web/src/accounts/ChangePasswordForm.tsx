// Changes the signed-in account's password; its other sessions end.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { ChangePasswordMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { MIN_PASSWORD, validatePasswordChange } from '../lib/accountForms';
import type { PasswordChangeErrors, PasswordChangeForm } from '../lib/accountForms';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '360px' },
});

const EMPTY: PasswordChangeForm = { current: '', next: '', repeat: '' };

export function ChangePasswordForm() {
  const styles = useStyles();
  const [form, setForm] = useState<PasswordChangeForm>(EMPTY);
  const [errors, setErrors] = useState<PasswordChangeErrors>({});
  const [done, setDone] = useState(false);
  const [{ fetching, error }, change] = useMutation(ChangePasswordMutation);
  const set = (key: keyof PasswordChangeForm, value: string) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const checked = validatePasswordChange(form);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const result = await change(checked.values);
    if (result.data?.changePassword) {
      setForm(EMPTY);
      setDone(true);
    }
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Change your password">
      <Field label="Current password" validationMessage={errors.current} required>
        <Input type="password" value={form.current} onChange={(_, d) => set('current', d.value)} autoComplete="current-password" />
      </Field>
      <Field label="New password" hint={`At least ${MIN_PASSWORD} characters.`} validationMessage={errors.next} required>
        <Input type="password" value={form.next} onChange={(_, d) => set('next', d.value)} autoComplete="new-password" />
      </Field>
      <Field label="Repeat new password" validationMessage={errors.repeat} required>
        <Input type="password" value={form.repeat} onChange={(_, d) => set('repeat', d.value)} autoComplete="new-password" />
      </Field>
      <Button type="submit" appearance="primary" disabled={fetching} style={{ alignSelf: 'flex-start' }}>
        Change password
      </Button>
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>Your password was changed. Your other sessions have ended.</MessageBarBody>
        </MessageBar>
      )}
      {error && <ErrorView error={errorMessage(error)} title="Password not changed" />}
    </form>
  );
}
