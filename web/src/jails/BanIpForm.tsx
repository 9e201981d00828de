// Bans one address in a chosen jail, or in the one jail given, on that jail's host (OPERATOR and ADMIN).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { BanMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { jailLabel } from '../lib/hosts';
import { isIp } from '../lib/validation';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  field: { minWidth: '160px', flexGrow: 1, maxWidth: '280px' },
  submit: { marginTop: '26px' },
});

/** A ban changes the jail's counters, so the jails are read again. */
const JAIL_CONTEXT = { additionalTypenames: ['Jail', 'Ban'] };

/** A jail to ban in: its name and its host. */
export interface JailChoice {
  name: string;
  host: string;
}

/** A jail as a choice's value; neither a jail's nor a host's name holds a space. */
const choiceKey = (jail: JailChoice) => `${jail.host} ${jail.name}`;

interface Props {
  jails: readonly JailChoice[];
  /** Bans in the first jail of `jails` without offering a choice (on the jail's own page). */
  fixed?: boolean;
}

export function BanIpForm({ jails, fixed = false }: Props) {
  const styles = useStyles();
  const [key, setKey] = useState('');
  const [ip, setIp] = useState('');
  const [errors, setErrors] = useState<{ jail?: string; ip?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching, error }, ban] = useMutation(BanMutation);
  const chosen = (fixed ? undefined : jails.find((jail) => choiceKey(jail) === key)) ?? jails[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const next: { jail?: string; ip?: string } = {};
    if (!chosen) next.jail = 'Choose a jail.';
    if (!isIp(ip)) next.ip = 'A single IPv4 or IPv6 address.';
    setErrors(next);
    if (!chosen || next.ip) return;
    const result = await ban({ jail: chosen.name, host: chosen.host, ip: ip.trim() }, JAIL_CONTEXT);
    if (result.data) {
      const r = result.data.banIp;
      const where = jailLabel({ name: r.jail, host: r.host }, jails);
      setDone(r.alreadyBanned ? `${r.ip} was already banned in ${where}.` : `${r.ip} is now banned in ${where}.`);
      setIp('');
    }
  };

  return (
    <form onSubmit={submit} aria-label="Ban an address">
      <div className={styles.form}>
        {!fixed && (
          <Field label="Jail" className={styles.field} validationMessage={errors.jail} required>
            <Select value={chosen ? choiceKey(chosen) : ''} onChange={(_, d) => setKey(d.value)}>
              {jails.map((jail) => (
                <option key={choiceKey(jail)} value={choiceKey(jail)}>
                  {jailLabel(jail, jails)}
                </option>
              ))}
            </Select>
          </Field>
        )}
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
