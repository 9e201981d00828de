// The one fail2ban host a page of one host works on: `?host=` in its address, the local host without it.
import { useSearchParams } from 'react-router-dom';
import { hostParam, localHostName, oneHostParam, withHost } from '../lib/hosts';
import { useHosts } from './useHosts';

export function useChosenHost() {
  const [params, setParams] = useSearchParams();
  const hosts = useHosts();
  const local = localHostName(hosts);
  /** The host named in the address; null for the local host. */
  const host = hostParam(params);
  return {
    host,
    /** The chosen host's name; null while the local host's is not known. */
    name: host ?? local,
    /** Every host's name, local first; a picker is worth showing only for more than one. */
    names: hosts.map((h) => h.name),
    local,
    /** Chooses a host by its name, keeping the other parameters of the address. */
    choose: (name: string) => setParams(withHost(params, oneHostParam(name, local))),
  };
}
