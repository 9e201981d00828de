// Tests the host parameter of pages and the addresses of jail pages.
import { describe, expect, it } from 'vitest';
import { hostParam, jailLabel, jailPath, localHostName, oneHostParam, withHost } from './hosts';

describe('hostParam and withHost', () => {
  it('reads the host, ignoring a blank one', () => {
    expect(hostParam('host=web-1&jail=sshd')).toBe('web-1');
    expect(hostParam(new URLSearchParams('host=%20'))).toBeNull();
    expect(hostParam('')).toBeNull();
  });
  it('sets or removes the host, keeping the other parameters', () => {
    expect(withHost('range=7d', 'web-1')).toBe('range=7d&host=web-1');
    expect(withHost('host=web-1&range=7d', null)).toBe('range=7d');
    expect(withHost('', 'a b')).toBe('host=a+b');
  });
});

describe('jailPath', () => {
  it('names the host of an agent host only', () => {
    expect(jailPath('sshd', null)).toBe('/jails/sshd');
    expect(jailPath('sshd', 'web-1')).toBe('/jails/sshd?host=web-1');
    expect(jailPath('my jail', 'web.1')).toBe('/jails/my%20jail?host=web.1');
  });
});

describe('oneHostParam', () => {
  it('names an agent host only', () => {
    expect(oneHostParam('web-1', 'bastion')).toBe('web-1');
    expect(oneHostParam('bastion', 'bastion')).toBeNull();
    expect(oneHostParam('', 'bastion')).toBeNull();
    expect(oneHostParam('web-1', null)).toBe('web-1');
  });
});

describe('localHostName', () => {
  it('finds the local host', () => {
    expect(localHostName([{ name: 'bastion', local: true }, { name: 'web-1', local: false }])).toBe('bastion');
    expect(localHostName([{ name: 'web-1', local: false }])).toBeNull();
    expect(localHostName([])).toBeNull();
  });
});

describe('jailLabel', () => {
  it('names the host only among jails of several hosts', () => {
    const one = [{ name: 'sshd', host: 'bastion' }, { name: 'nginx', host: 'bastion' }];
    expect(jailLabel(one[0]!, one)).toBe('sshd');
    const two = [...one, { name: 'sshd', host: 'web-1' }];
    expect(jailLabel(two[2]!, two)).toBe('sshd on web-1');
    expect(jailLabel(two[0]!, two)).toBe('sshd on bastion');
  });
});
