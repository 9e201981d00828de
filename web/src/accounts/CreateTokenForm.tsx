// Creates an API token with a name, a role and an optional expiry (ADMIN); hands its secret up once.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { CreateApiTokenMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import type { Role } from '../gql/graphql';
import { ROLES, TOKEN_EXPIRY_CHOICES, validateNewToken } from '../lib/accountForms';
import type { NewTokenErrors, NewTokenForm, TokenExpiry } from '../lib/accountForms';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  field: { minWidth: '180px', flexGrow: 1, maxWidth: '280px' },
  submit: { marginTop: '26px' },
});

/** A new token can join an empty list, which the document cache cannot see; name its type. */
const TOKEN_CONTEXT = { additionalTypenames: ['ApiToken'] };

const EMPTY: NewTokenForm = { name: '', role: 'VIEWER', expiry: '90', expiresAt: '' };

interface Props {
  /** Receives the secret, which the server shows this once. */
  onCreated: (secret: string, name: string) => void;
  /** Moves the keyboard focus to the name once true (when the dialog showing a new token has closed). */
  focusName?: boolean;
}

export function CreateTokenForm({ onCreated, focusName = false }: Props) {
  const styles = useStyles();
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusName) nameInput.current?.focus();
  }, [focusName]);
  const [form, setForm] = useState<NewTokenForm>(EMPTY);
  const [errors, setErrors] = useState<NewTokenErrors>({});
  const [{ fetching, error }, create] = useMutation(CreateApiTokenMutation);
  const set = <K extends keyof NewTokenForm>(key: K, value: NewTokenForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateNewToken(form, new Date());
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const result = await create(checked.values, TOKEN_CONTEXT);
    const created = result.data?.createApiToken;
    if (created) onCreated(created.token, created.apiToken.name);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Create a token">
      <div className={styles.form}>
        <Field label="Name" hint="What the token is for." className={styles.field} validationMessage={errors.name} required>
          <Input ref={nameInput} value={form.name} onChange={(_, d) => set('name', d.value)} placeholder="grafana" autoComplete="off" />
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
        <Field label="Expires" className={styles.field}>
          <Select value={form.expiry} onChange={(_, d) => set('expiry', d.value as TokenExpiry)}>
            {TOKEN_EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </Select>
        </Field>
        {form.expiry === 'custom' && (
          <Field label="Expires at" hint="In your time zone." className={styles.field} validationMessage={errors.expiresAt} required>
            <Input type="datetime-local" value={form.expiresAt} onChange={(_, d) => set('expiresAt', d.value)} />
          </Field>
        )}
        <Button type="submit" appearance="primary" className={styles.submit} disabled={fetching}>
          Create token
        </Button>
      </div>
      {error && <ErrorView error={errorMessage(error)} title="Token not created" />}
    </form>
  );
}
