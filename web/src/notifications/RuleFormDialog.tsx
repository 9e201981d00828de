// A dialog to add a notification rule or change one: its trigger, channels and the events it is about.
// The dialog stays mounted and is opened and closed: a Fluent dialog unmounted while open leaves
// aria-hidden on the rest of the page.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CreateNotificationRuleMutation, UpdateNotificationRuleMutation } from '../api/notificationOperations';
import { errorMessage } from '../api/errors';
import type { BanOrigin, DigestPeriod, NotificationTrigger } from '../gql/graphql';
import { ORIGINS } from '../lib/banFilters';
import { TRIGGER_LABELS } from '../lib/deliveries';
import { DIGEST_PERIODS, EMPTY_RULE_FORM, RULE_TRIGGERS, ruleToForm, toggled, validateRuleForm } from '../lib/ruleForm';
import type { RuleForm, RuleFormErrors } from '../lib/ruleForm';
import { ErrorView } from '../components/ErrorView';
import { CheckboxGroup } from './CheckboxGroup';
import type { Rule } from './RulesTable';

const useStyles = makeStyles({
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** A new rule can join an empty list, which the document cache cannot see; name its type. */
export const RULE_CONTEXT = { additionalTypenames: ['NotificationRule'] };

interface FormProps {
  /** The rule to change, or null to add one. */
  rule: Rule | null;
  /** The channels to choose among. */
  channels: ReadonlyArray<{ id: string; name: string }>;
  /** Jail and host names to offer. */
  jails: readonly string[];
  hosts: readonly string[];
  onClose: () => void;
  onSaved: (message: string) => void;
}

interface Props extends FormProps {
  open: boolean;
  /** Changes at each opening, so that the form starts afresh. */
  opening: number;
}

export function RuleFormDialog({ open, opening, ...form }: Props) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && form.onClose()}>
      <DialogSurface>
        <RuleEditor key={opening} {...form} />
      </DialogSurface>
    </Dialog>
  );
}

/** The names offered, with those the rule has already (a jail or host not seen now) after them. */
function choices(offered: readonly string[], chosen: readonly string[]) {
  return [...new Set([...offered, ...chosen])].map((name) => ({ value: name, label: name }));
}

function RuleEditor({ rule, channels, jails, hosts, onClose, onSaved }: FormProps) {
  const styles = useStyles();
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleToForm(rule) : EMPTY_RULE_FORM));
  const [errors, setErrors] = useState<RuleFormErrors>({});
  const [created, create] = useMutation(CreateNotificationRuleMutation);
  const [updated, update] = useMutation(UpdateNotificationRuleMutation);
  const { fetching, error } = rule ? updated : created;
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const toggle =
    <K extends 'channelIds' | 'jails' | 'origins' | 'hosts'>(key: K) =>
    (value: RuleForm[K][number], chosen: boolean) =>
      setForm((current) => ({ ...current, [key]: toggled<string>(current[key], value, chosen) }));
  const title = rule ? `Edit rule ${rule.name}` : 'Add a notification rule';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateRuleForm(form);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const { input } = checked;
    const result = rule ? await update({ id: rule.id, input }, RULE_CONTEXT) : await create({ input }, RULE_CONTEXT);
    if (!result.error) onSaved(rule ? `Saved rule ${input.name}.` : `Added rule ${input.name}.`);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={styles.fields}>
          <Field label="Name" validationMessage={errors.name} required>
            <Input value={form.name} onChange={(_, d) => set('name', d.value)} placeholder="SSH bans to on-call" />
          </Field>
          <Field label="Trigger" required>
            <Select value={form.trigger} onChange={(_, d) => set('trigger', d.value as NotificationTrigger)}>
              {RULE_TRIGGERS.map((trigger) => (
                <option key={trigger} value={trigger}>
                  {TRIGGER_LABELS[trigger]}
                </option>
              ))}
            </Select>
          </Field>
          {form.trigger === 'BURST' && (
            <>
              <Field label="Bans" hint="How many matching bans make a burst." validationMessage={errors.threshold} required>
                <Input inputMode="numeric" value={form.threshold} onChange={(_, d) => set('threshold', d.value)} />
              </Field>
              <Field label="Within (minutes)" validationMessage={errors.windowMinutes} required>
                <Input inputMode="numeric" value={form.windowMinutes} onChange={(_, d) => set('windowMinutes', d.value)} />
              </Field>
            </>
          )}
          {form.trigger === 'DIGEST' && (
            <Field label="Period" validationMessage={errors.period} required>
              <Select value={form.period} onChange={(_, d) => set('period', d.value as DigestPeriod | '')}>
                <option value="">Choose…</option>
                {DIGEST_PERIODS.map((period) => (
                  <option key={period} value={period}>
                    {period.toLowerCase()}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <CheckboxGroup
            label="Channels"
            required
            none="No channels yet: add one first."
            options={channels.map((channel) => ({ value: channel.id, label: channel.name }))}
            value={form.channelIds}
            onChange={toggle('channelIds')}
            validationMessage={errors.channelIds}
          />
          <CheckboxGroup
            label="Jails"
            hint="None chosen: every jail."
            options={choices(jails, form.jails)}
            value={form.jails}
            onChange={toggle('jails')}
          />
          <Field
            label="Countries"
            hint="Two-letter codes separated by commas, like CN, RU; empty: every country."
            validationMessage={errors.countries}
          >
            <Input value={form.countries} onChange={(_, d) => set('countries', d.value)} placeholder="CN, RU" />
          </Field>
          <CheckboxGroup<BanOrigin>
            label="Origins"
            hint="None chosen: every origin."
            options={ORIGINS.map((origin) => ({ value: origin, label: origin.toLowerCase() }))}
            value={form.origins}
            onChange={toggle('origins')}
          />
          <CheckboxGroup
            label="Hosts"
            hint="None chosen: every host."
            options={choices(hosts, form.hosts)}
            value={form.hosts}
            onChange={toggle('hosts')}
          />
          <Switch label="Enabled" checked={form.enabled} onChange={(_, d) => set('enabled', d.checked)} />
          {error && <ErrorView error={errorMessage(error)} title="Not saved" />}
        </DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={onClose} disabled={fetching}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" disabled={fetching}>
            {rule ? 'Save' : 'Add rule'}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
