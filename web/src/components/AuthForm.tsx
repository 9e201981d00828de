// The username/password form shared by the login and setup pages.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Button, Card, Field, Input, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorView } from './ErrorView';

const useStyles = makeStyles({
  page: { display: 'flex', justifyContent: 'center', padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalM}` },
  card: { width: '100%', maxWidth: '400px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

interface Props {
  title: string;
  intro?: ReactNode;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  confirmPassword?: boolean;
  onSubmit: (username: string, password: string) => void;
}

export function AuthForm({ title, intro, submitLabel, busy, error, confirmPassword = false, onSubmit }: Props) {
  const styles = useStyles();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return setLocalError('Enter a username and a password.');
    if (confirmPassword && password !== repeat) return setLocalError('The passwords do not match.');
    setLocalError(null);
    onSubmit(username.trim(), password);
  };

  const shown = localError ?? error;
  return (
    <div className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{title}</Title2>
        {intro}
        <form className={styles.form} onSubmit={submit} noValidate>
          <Field label="Username" required>
            <Input value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="username" autoFocus />
          </Field>
          <Field label="Password" required>
            <Input
              type="password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
              autoComplete={confirmPassword ? 'new-password' : 'current-password'}
            />
          </Field>
          {confirmPassword && (
            <Field label="Repeat password" required>
              <Input type="password" value={repeat} onChange={(_, d) => setRepeat(d.value)} autoComplete="new-password" />
            </Field>
          )}
          {shown && <ErrorView error={shown} title="Could not sign in" />}
          <Button appearance="primary" type="submit" disabled={busy}>
            {busy ? 'Please wait…' : submitLabel}
          </Button>
        </form>
      </Card>
    </div>
  );
}
