// Creates an account with a username, a password and a role (ADMIN).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { CreateUserMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import type { Role } from '../gql/graphql';
import { MIN_PASSWORD, ROLES, validateNewUser } from '../lib/accountForms';
import type { NewUserErrors, NewUserForm } from '../lib/accountForms';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  field: { minWidth: '180px', flexGrow: 1, maxWidth: '280px' },
  submit: { marginTop: '26px' },
});

const EMPTY: NewUserForm = { username: '', password: '', repeat: '', role: 'VIEWER' };

export function CreateUserForm({ onCreated }: { onCreated: (username: string) => void }) {
  const styles = useStyles();
  const [form, setForm] = useState<NewUserForm>(EMPTY);
  const [errors, setErrors] = useState<NewUserErrors>({});
  const [{ fetching, error }, create] = useMutation(CreateUserMutation);
  const set = <K extends keyof NewUserForm>(key: K, value: NewUserForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateNewUser(form);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const result = await create(checked.values);
    if (result.data) {
      setForm(EMPTY);
      onCreated(result.data.createUser.username);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add a user">
      <div className={styles.form}>
        <Field label="Username" className={styles.field} validationMessage={errors.username} required>
          <Input value={form.username} onChange={(_, d) => set('username', d.value)} autoComplete="off" />
        </Field>
        <Field
          label="Password"
          hint={`At least ${MIN_PASSWORD} characters.`}
          className={styles.field}
          validationMessage={errors.password}
          required
        >
          <Input type="password" value={form.password} onChange={(_, d) => set('password', d.value)} autoComplete="new-password" />
        </Field>
        <Field label="Repeat password" className={styles.field} validationMessage={errors.repeat} required>
          <Input type="password" value={form.repeat} onChange={(_, d) => set('repeat', d.value)} autoComplete="new-password" />
        </Field>
        <Field label="Role" className={styles.field} required>
          <Select value={form.role} onChange={(_, d) => set('role', d.value as Role)}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" appearance="primary" className={styles.submit} disabled={fetching}>
          Add user
        </Button>
      </div>
      {error && <ErrorView error={errorMessage(error)} title="User not added" />}
    </form>
  );
}
