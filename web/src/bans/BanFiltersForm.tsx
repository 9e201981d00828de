// The bans page's filter form; the filters apply when the form is submitted.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Checkbox, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { NO_BAN_FILTERS, ORIGINS, banFilterErrors, instantToLocalInput, toInstant } from '../lib/banFilters';
import type { BanFilters } from '../lib/banFilters';
import type { BanOrigin } from '../gql/graphql';
import { HostPicker } from '../hosts/HostPicker';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  field: { minWidth: '140px', flexGrow: 1, maxWidth: '260px' },
});

interface Props {
  value: BanFilters;
  /** The hosts' names, local first. */
  hosts: readonly string[];
  jails: readonly string[];
  onApply: (filters: BanFilters) => void;
}

export function BanFiltersForm({ value, hosts, jails, onApply }: Props) {
  const styles = useStyles();
  const [draft, setDraft] = useState(value);
  const [submitted, setSubmitted] = useState(false);
  // A new `value` from the page replaces the draft.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  const errors = submitted ? banFilterErrors(draft) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const normalised = { ...draft, ip: draft.ip.trim(), country: draft.country.trim().toUpperCase() };
    if (Object.keys(banFilterErrors(normalised)).length === 0) onApply(normalised);
  };

  const jailOptions = new Set(jails);
  if (draft.jail) jailOptions.add(draft.jail);

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Filter bans">
      <HostPicker value={draft.host} hosts={hosts} onChange={(host) => setDraft({ ...draft, host })} className={styles.field} />
      <Field label="Jail" className={styles.field}>
        <Select value={draft.jail} onChange={(_, d) => setDraft({ ...draft, jail: d.value })}>
          <option value="">All jails</option>
          {[...jailOptions].sort().map((jail) => (
            <option key={jail} value={jail}>
              {jail}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="IP or CIDR" className={styles.field} validationMessage={errors.ip}>
        <Input value={draft.ip} onChange={(_, d) => setDraft({ ...draft, ip: d.value })} placeholder="203.0.113.0/24" />
      </Field>
      <Field label="Country" className={styles.field} validationMessage={errors.country}>
        <Input value={draft.country} onChange={(_, d) => setDraft({ ...draft, country: d.value })} placeholder="DE" maxLength={2} />
      </Field>
      <Field label="Origin" className={styles.field}>
        <Select value={draft.origin} onChange={(_, d) => setDraft({ ...draft, origin: d.value as BanOrigin | '' })}>
          <option value="">Any origin</option>
          {ORIGINS.map((origin) => (
            <option key={origin} value={origin}>
              {origin.toLowerCase()}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="From" className={styles.field}>
        <Input
          type="datetime-local"
          value={instantToLocalInput(draft.since)}
          onChange={(_, d) => setDraft({ ...draft, since: toInstant(d.value) })}
        />
      </Field>
      <Field label="Until" className={styles.field} validationMessage={errors.until}>
        <Input
          type="datetime-local"
          value={instantToLocalInput(draft.until)}
          onChange={(_, d) => setDraft({ ...draft, until: toInstant(d.value) })}
        />
      </Field>
      <Checkbox label="Active only" checked={draft.activeOnly} onChange={(_, d) => setDraft({ ...draft, activeOnly: d.checked === true })} />
      <Button appearance="primary" type="submit">
        Apply
      </Button>
      <Button
        onClick={() => {
          setSubmitted(false);
          onApply(NO_BAN_FILTERS);
        }}
      >
        Clear
      </Button>
    </form>
  );
}
