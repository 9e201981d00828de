// The dashboard's time range, jail and host selectors plus a refresh button.
import { useQuery } from 'urql';
import { Button, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { JailNamesQuery } from '../api/operations';
import { RANGES, RANGE_LABELS } from '../lib/dashboardFilters';
import type { DashboardFilters, Range } from '../lib/dashboardFilters';
import { HostPicker } from '../hosts/HostPicker';
import { useHosts } from '../hosts/useHosts';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
});

interface Props {
  filters: DashboardFilters;
  /** Jails known from the data shown, offered even when fail2ban cannot list its jails. */
  knownJails: readonly string[];
  onChange: (filters: DashboardFilters) => void;
  onRefresh: () => void;
}

export function DashboardFiltersBar({ filters, knownJails, onChange, onRefresh }: Props) {
  const styles = useStyles();
  const [{ data }] = useQuery({ query: JailNamesQuery });
  const hosts = useHosts();
  const jails = new Set([...(data?.jails ?? []).map((j) => j.name), ...knownJails]);
  if (filters.jail) jails.add(filters.jail);

  return (
    <div className={styles.bar}>
      <Field label="Time range">
        <Select value={filters.range} onChange={(_, d) => onChange({ ...filters, range: d.value as Range })}>
          {RANGES.map((range) => (
            <option key={range} value={range}>
              {RANGE_LABELS[range]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Jail">
        <Select value={filters.jail ?? ''} onChange={(_, d) => onChange({ ...filters, jail: d.value || null })}>
          <option value="">All jails</option>
          {[...jails].sort().map((jail) => (
            <option key={jail} value={jail}>
              {jail}
            </option>
          ))}
        </Select>
      </Field>
      <HostPicker
        value={filters.host ?? ''}
        hosts={hosts.map((host) => host.name)}
        onChange={(host) => onChange({ ...filters, host: host || null })}
      />
      <Button onClick={onRefresh}>Refresh</Button>
    </div>
  );
}
