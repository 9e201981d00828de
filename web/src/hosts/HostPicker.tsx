// Chooses one fail2ban host, or every host.
import { Field, Select } from '@fluentui/react-components';

interface Props {
  /** A host's name; empty for every host. */
  value: string;
  /** The hosts to offer; the chosen one is offered even when it is not among them. */
  hosts: readonly string[];
  onChange: (host: string) => void;
  /** Whether "All hosts" is offered (true unless said); without it, the choice is always one host. */
  allHosts?: boolean;
  className?: string;
}

export function HostPicker({ value, hosts, onChange, allHosts = true, className }: Props) {
  const names = new Set(hosts);
  if (value) names.add(value);
  return (
    <Field label="Host" className={className}>
      <Select value={value} onChange={(_, d) => onChange(d.value)}>
        {allHosts && <option value="">All hosts</option>}
        {[...names].map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </Select>
    </Field>
  );
}
