// Bans one address in a chosen jail (OPERATOR and ADMIN).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { BanMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { isIp } from '../lib/validation';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  field: { minWidth: '160px', flexGrow: 1, maxWidth: '280px' },
  submit: { marginTop: '26px' },
});

/** A ban changes the jail's counters, so the jails are read again. */
const JAIL_CONTEXT = { additionalTypenames: ['Jail', 'Ban'] };

export function BanIpForm({ jails }: { jails: readonly string[] }) {
  const styles = useStyles();
  const [jail, setJail] = useState('');
  const [ip, setIp] = useState('');
  const [errors, setErrors] = useState<{ jail?: string; ip?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching, error }, ban] = useMutation(BanMutation);
  const chosen = jail || jails[0] || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const next: { jail?: string; ip?: string } = {};
    if (!chosen) next.jail = 'Choose a jail.';
    if (!isIp(ip)) next.ip = 'A single IPv4 or IPv6 address.';
    setErrors(next);
    if (next.jail || next.ip) return;
    const result = await ban({ jail: chosen, ip: ip.trim() }, JAIL_CONTEXT);
    if (result.data) {
      const r = result.data.banIp;
      setDone(r.alreadyBanned ? `${r.ip} was already banned in ${r.jail}.` : `${r.ip} is now banned in ${r.jail}.`);
      setIp('');
    }
  };

  return (
    <form onSubmit={submit} aria-label="Ban an address">
      <div className={styles.form}>
        <Field label="Jail" className={styles.field} validationMessage={errors.jail} required>
          <Select value={chosen} onChange={(_, d) => setJail(d.value)}>
            {jails.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="IP address" className={styles.field} validationMessage={errors.ip} required>
          <Input value={ip} onChange={(_, d) => setIp(d.value)} placeholder="203.0.113.7" />
        </Field>
        <Button type="submit" appearance="primary" className={styles.submit} disabled={fetching}>
          Ban
        </Button>
      </div>
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {error && <ErrorView error={errorMessage(error)} title="Not banned" />}
    </form>
  );
}
