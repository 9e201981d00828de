// A jail's ignore list; ADMINs can add and remove addresses and networks.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { Button, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddIgnoreIpMutation, RemoveIgnoreIpMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { isIpOrCidr } from '../lib/validation';
import { ErrorView } from '../components/ErrorView';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `0 ${tokens.spacingHorizontalS}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  add: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
});

interface Props {
  jail: string;
  /** The jail's host. */
  host: string;
  entries: readonly string[];
  editable: boolean;
}

export function IgnoreList({ jail, host, entries, editable }: Props) {
  const styles = useStyles();
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const [added, add] = useMutation(AddIgnoreIpMutation);
  const [removed, remove] = useMutation(RemoveIgnoreIpMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ip = draft.trim();
    if (!isIpOrCidr(ip)) return setInvalid('An IP address or a CIDR network, like 192.168.0.0/16.');
    setInvalid(undefined);
    const result = await add({ jail, ip, host });
    if (!result.error) setDraft('');
  };

  const error = added.error ?? removed.error;
  return (
    <div>
      {entries.length === 0 ? (
        <Text>Nothing is ignored.</Text>
      ) : (
        <ul className={styles.list} aria-label={`Ignored by ${jail}`}>
          {entries.map((entry) => (
            <li key={entry} className={styles.item}>
              <Text>{entry}</Text>
              {editable && (
                <Button
                  appearance="transparent"
                  size="small"
                  aria-label={`Stop ignoring ${entry}`}
                  disabled={removed.fetching}
                  onClick={() => remove({ jail, ip: entry, host })}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className={styles.add} onSubmit={submit}>
          <Field label="Add to ignore list" validationMessage={invalid}>
            <Input value={draft} onChange={(_, d) => setDraft(d.value)} placeholder="192.168.0.0/16" />
          </Field>
          <Button type="submit" disabled={added.fetching} style={{ marginTop: 26 }}>
            Add
          </Button>
        </form>
      )}
      {error && <ErrorView error={errorMessage(error)} title="Ignore list not changed" />}
    </div>
  );
}
