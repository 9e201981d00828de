// Runs a filter test as its input settles and shows the counts and the matched lines.
import { useQuery } from 'urql';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { TestFilterQuery } from '../api/configOperations';
import type { FilterTestInput } from '../gql/graphql';
import type { FilterTestPlan } from '../lib/jailForm';
import { formatCount, formatDateTime } from '../lib/format';
import { useDebounced } from '../components/useDebounced';
import { FigureList } from '../components/FigureList';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

/** How long the input must stay unchanged before the test runs. */
export const FILTER_TEST_DELAY_MS = 600;

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  note: { color: tokens.colorNeutralForeground3 },
  line: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre', overflowX: 'auto', maxWidth: '48ch' },
});

function testKey(input: FilterTestInput, host: string | null): string {
  return JSON.stringify({ input, host });
}

/** `host` is the fail2ban host whose fail2ban-regex runs the test; the local host when null or not given. */
export function FilterTest({ plan, host = null }: { plan: FilterTestPlan; host?: string | null }) {
  const styles = useStyles();
  // The input and the host as a key, so that an equal plan made again does not start a new test, and a
  // test started before the host changed does not run on the new host.
  const key = useDebounced(plan.input ? testKey(plan.input, host) : null, FILTER_TEST_DELAY_MS);
  const asked = key ? (JSON.parse(key) as { input: FilterTestInput; host: string | null }) : null;
  const [{ data, fetching, error, operation }] = useQuery({
    query: TestFilterQuery,
    variables: { input: asked?.input ?? {}, host: asked?.host ?? null },
    pause: asked === null,
    requestPolicy: 'network-only',
  });
  const settled = plan.input !== null && key === testKey(plan.input, host);
  const result = asked && data && operation && testKey(operation.variables.input, operation.variables.host ?? null) === key ? data.testFilter : null;

  return (
    <section className={styles.box} aria-label="Filter test" aria-busy={fetching || (plan.input !== null && !settled)}>
      {plan.input === null ? (
        <Text className={styles.note}>{plan.reason}</Text>
      ) : (
        <Text className={styles.note} role="status">
          {!settled || fetching ? `Testing on ${plan.source}…` : `Tested on ${plan.source}.`}
        </Text>
      )}
      {plan.input !== null && error && <ErrorView error={error} title="The filter test failed" />}
      {plan.input !== null && result && (
        <>
          <FigureList
            minWidth={110}
            figures={[
              { label: 'Lines tested', value: formatCount(result.linesTested) },
              { label: 'Matched', value: formatCount(result.matched) },
              { label: 'Ignored', value: formatCount(result.ignored) },
              { label: 'Missed', value: formatCount(result.missed) },
            ]}
          />
          {result.matches.length === 0 ? (
            <EmptyState>The filter matched no line.</EmptyState>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <Table size="small" aria-label="Matched lines" style={{ minWidth: 560 }}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Line</TableHeaderCell>
                    <TableHeaderCell>Address</TableHeaderCell>
                    <TableHeaderCell>Time</TableHeaderCell>
                    <TableHeaderCell>Text</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {result.matches.map((match) => (
                    <TableRow key={match.lineNumber}>
                      <TableCell>{match.lineNumber}</TableCell>
                      <TableCell>{match.ip}</TableCell>
                      <TableCell>{formatDateTime(match.at)}</TableCell>
                      <TableCell>
                        <div className={styles.line}>{match.line}</div>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
