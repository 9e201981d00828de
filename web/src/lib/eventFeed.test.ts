// Tests of the live feed's dedupe and resume logic.
import { describe, expect, it } from 'vitest';
import { addEvent, emptyFeed, resumablePayload } from './eventFeed';

const ev = (cursor: string) => ({ cursor, ip: `10.0.0.${cursor}` });

describe('addEvent', () => {
  it('puts the newest event first and remembers its cursor', () => {
    let feed = emptyFeed<ReturnType<typeof ev>>();
    feed = addEvent(feed, ev('1'));
    feed = addEvent(feed, ev('2'));
    expect(feed.events.map((e) => e.cursor)).toEqual(['2', '1']);
    expect(feed.lastCursor).toBe('2');
  });
  it('ignores an event sent again after a reconnect', () => {
    let feed = addEvent(addEvent(emptyFeed(), ev('1')), ev('2'));
    const again = addEvent(feed, ev('1'));
    expect(again).toBe(feed);
    feed = addEvent(feed, ev('2'));
    expect(feed.events.map((e) => e.cursor)).toEqual(['2', '1']);
    expect(feed.lastCursor).toBe('2');
  });
  it('keeps at most the limit', () => {
    let feed = emptyFeed<ReturnType<typeof ev>>();
    for (const c of ['1', '2', '3', '4']) feed = addEvent(feed, ev(c), 3);
    expect(feed.events.map((e) => e.cursor)).toEqual(['4', '3', '2']);
    expect(feed.lastCursor).toBe('4');
  });
});

describe('resumablePayload', () => {
  it('sends no after before any event and the latest cursor after one', () => {
    let cursor: string | null = null;
    const payload = resumablePayload({ query: 'subscription S { x }', variables: { filter: { jails: ['sshd'] } } }, () => cursor);
    expect(JSON.parse(JSON.stringify(payload))).toEqual({
      query: 'subscription S { x }',
      variables: { filter: { jails: ['sshd'] } },
    });
    cursor = 'abc';
    expect(JSON.parse(JSON.stringify(payload)).variables).toEqual({ filter: { jails: ['sshd'] }, after: 'abc' });
    cursor = 'def';
    expect(payload.variables.after).toBe('def');
  });
  it('asks for the last events until one arrives, then only for those after it', () => {
    let cursor: string | null = null;
    const payload = resumablePayload({ query: 'q', variables: { filter: null, last: 20 } }, () => cursor);
    expect(JSON.parse(JSON.stringify(payload)).variables).toStrictEqual({ filter: null, last: 20 });
    cursor = 'abc';
    expect(JSON.parse(JSON.stringify(payload)).variables).toStrictEqual({ filter: null, after: 'abc' });
  });
  it('never sends last beside a given after', () => {
    const payload = resumablePayload({ query: 'q', variables: { after: 'start', last: 20 } }, () => null);
    expect(payload.variables).toStrictEqual({ after: 'start' });
  });
  it('keeps a given after until an event arrives', () => {
    const payload = resumablePayload({ query: 'q', variables: { after: 'start' } }, () => null);
    expect(payload.variables).toEqual({ after: 'start' });
  });
});
