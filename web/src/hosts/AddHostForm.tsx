// Adds a host that will run `bangui agent` (ADMIN); hands its agent token up once. The server checks
// the name, and its reason shows under the field.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { AddHostMutation } from '../api/operations';
import { errorCode, errorMessage } from '../api/errors';
import { ErrorView } from '../components/ErrorView';
import { HOSTS_CONTEXT } from './useHosts';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  field: { minWidth: '180px', flexGrow: 1, maxWidth: '320px' },
  submit: { marginTop: '26px' },
});

interface Props {
  /** Receives the new host's name and its agent token, which the server shows this once. */
  onAdded: (host: string, token: string) => void;
  /** Moves the keyboard focus to the name once true (when the dialog showing the token has closed). */
  focusName?: boolean;
}

export function AddHostForm({ onAdded, focusName = false }: Props) {
  const styles = useStyles();
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusName) nameInput.current?.focus();
  }, [focusName]);
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const [{ fetching, error }, add] = useMutation(AddHostMutation);
  // The server's word on the name itself (its characters, a name in use) belongs under the field.
  const code = errorCode(error?.graphQLErrors[0]);
  const nameError = missing ? 'Enter a name.' : code === 'BAD_USER_INPUT' || code === 'CONFLICT' ? errorMessage(error) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    setMissing(trimmed === '');
    if (trimmed === '') return;
    const result = await add({ name: trimmed }, HOSTS_CONTEXT);
    const added = result.data?.addHost;
    if (added) onAdded(added.host.name, added.token);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add a host">
      <div className={styles.form}>
        <Field
          label="Name"
          hint="Letters, digits, - _ and . (its host name, for example)."
          className={styles.field}
          validationMessage={nameError}
          required
        >
          <Input ref={nameInput} value={name} onChange={(_, d) => setName(d.value)} placeholder="web-1" autoComplete="off" />
        </Field>
        <Button type="submit" appearance="primary" className={styles.submit} disabled={fetching}>
          Add host
        </Button>
      </div>
      {error && nameError === undefined && <ErrorView error={error} title="Host not added" />}
    </form>
  );
}
