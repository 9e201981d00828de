// The form that creates a jail from a filter installed on the chosen host (ADMIN), with a live test of
// the filter on pasted lines or on the log of a jail of that host that already watches the file.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import type { CombinedError } from 'urql';
import { Button, Field, Input, Select, Switch, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { CreateJailMutation, FiltersQuery, JailLogPathsQuery } from '../api/configOperations';
import { EMPTY_NEW_JAIL, planFilterTest, validateNewJail } from '../lib/jailForm';
import type { NewJailErrors, NewJailForm } from '../lib/jailForm';
import { jailPath } from '../lib/hosts';
import { HostPicker } from '../hosts/HostPicker';
import { ChangeErrorView } from '../components/ChangeErrorView';
import { ErrorView } from '../components/ErrorView';
import { Panel } from '../components/Panel';
import { FilterTest } from './FilterTest';

const useStyles = makeStyles({
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  times: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  input: { minWidth: 0 },
  regex: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre',
    overflowX: 'auto',
    maxHeight: '10em',
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** A new jail joins the list of jails. */
const CREATE_CONTEXT = { additionalTypenames: ['Jail'] };

interface Props {
  /** The host the jail is made on, whose fail2ban lists and tests the filters; null for the local host. */
  host: string | null;
  /** The chosen host's name; null while the local host's is not known. */
  hostName: string | null;
  /** The local host's name; null while it is not known. */
  local: string | null;
  /** Every host's name; the form offers a choice among more than one. */
  hosts: readonly string[];
  /** Chooses the host by its name. */
  onHostChange: (name: string) => void;
}

export function CreateJailForm({ host, hostName, local, hosts, onHostChange }: Props) {
  const styles = useStyles();
  const navigate = useNavigate();
  const [form, setForm] = useState<NewJailForm>(EMPTY_NEW_JAIL);
  const [samples, setSamples] = useState('');
  const [errors, setErrors] = useState<NewJailErrors>({});
  const [refusal, setRefusal] = useState<CombinedError | null>(null);
  const [filters] = useQuery({ query: FiltersQuery, variables: { host } });
  const [jails] = useQuery({ query: JailLogPathsQuery });
  // The chosen host's fail2ban tests the filter: only its own jails' logs count.
  const hostJails = (jails.data?.jails ?? []).filter((jail) => hostName === null || jail.host === hostName);
  const [{ fetching }, create] = useMutation(CreateJailMutation);
  const installed = filters.data?.filters ?? [];
  const chosen = installed.find((filter) => filter.name === form.filter);
  const plan = planFilterTest(form.filter, samples, form.logPaths, hostJails);

  const set = <K extends keyof NewJailForm>(key: K, value: NewJailForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const text = (key: Exclude<keyof NewJailForm, 'enabled'>) => ({
    className: styles.input,
    value: form[key],
    onChange: (_: unknown, d: { value: string }) => set(key, d.value),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateNewJail(form);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    const answer = await create({ input: result.input, host }, CREATE_CONTEXT);
    setRefusal(answer.error ?? null);
    const made = answer.data?.createJail;
    if (made) navigate(jailPath(made.name, host === null || made.host === local ? null : made.host));
  };
  // Each host has filters of its own: a choice made among another host's is not kept.
  const chooseHost = (name: string) => {
    set('filter', '');
    onHostChange(name);
  };

  return (
    <form onSubmit={submit} aria-label="Create a jail" noValidate>
      <div className={styles.columns}>
        <Panel title="The jail">
          <div className={styles.fields}>
            {hosts.length > 1 && <HostPicker value={hostName ?? ''} hosts={hosts} allHosts={false} onChange={chooseHost} />}
            <Field label="Name" hint="Letters, digits, - and _" validationMessage={errors.name} required>
              <Input {...text('name')} placeholder="myapp" />
            </Field>
            <Field
              label="Filter"
              validationMessage={errors.filter ?? (filters.error ? 'The filters could not be read.' : undefined)}
              required
            >
              <Select value={form.filter} onChange={(_, d) => set('filter', d.value)}>
                <option value="">{filters.fetching ? 'Loading filters…' : 'Choose a filter'}</option>
                {installed.map((filter) => (
                  <option key={filter.name} value={filter.name}>
                    {filter.name}
                  </option>
                ))}
              </Select>
            </Field>
            {chosen && chosen.failRegex.length > 0 && (
              <div>
                <Text size={200}>Its failregex:</Text>
                <pre className={styles.regex} aria-label={`failregex of ${chosen.name}`} tabIndex={0}>
                  {chosen.failRegex.join('\n')}
                </pre>
              </div>
            )}
            <Field
              label="Log files"
              hint="Absolute paths, one a line; globs as fail2ban takes them"
              validationMessage={errors.logPaths}
              required
            >
              <Textarea {...text('logPaths')} rows={3} resize="vertical" placeholder="/var/log/myapp.log" />
            </Field>
            <Field label="Port" hint="Ports or service names, comma-separated; empty: all" validationMessage={errors.port}>
              <Input {...text('port')} placeholder="http,https" />
            </Field>
            <div className={styles.times}>
              <Field label="Ban time" hint="10m, 1h, 7d, 1w; -1: permanent" validationMessage={errors.banTime}>
                <Input {...text('banTime')} placeholder="default" />
              </Field>
              <Field label="Find time" hint="10m, 1h or seconds" validationMessage={errors.findTime}>
                <Input {...text('findTime')} placeholder="default" />
              </Field>
              <Field label="Max retry" hint="Failures before a ban" validationMessage={errors.maxRetry}>
                <Input {...text('maxRetry')} inputMode="numeric" placeholder="default" />
              </Field>
            </div>
            <Switch label="Start the jail" checked={form.enabled} onChange={(_, d) => set('enabled', d.checked)} />
          </div>
        </Panel>
        <Panel title="Test the filter">
          <Field label="Sample log lines" hint="Optional: paste lines to test the filter on them">
            <Textarea value={samples} onChange={(_, d) => setSamples(d.value)} rows={5} resize="vertical" />
          </Field>
          <FilterTest plan={plan} host={host} />
        </Panel>
      </div>
      {jails.error && <ErrorView error={jails.error} title="The jails could not be read" />}
      {refusal && <ChangeErrorView error={refusal} title="The jail was not created" />}
      <div className={styles.actions} style={{ marginTop: tokens.spacingVerticalM }}>
        <Button type="submit" appearance="primary" disabled={fetching}>
          {fetching ? 'Creating…' : 'Create jail'}
        </Button>
        <Button onClick={() => navigate('/jails')}>Cancel</Button>
      </div>
    </form>
  );
}
