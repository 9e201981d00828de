// Tests of reading import runs: finished states, progress and the sources a log names.
import { describe, expect, it } from 'vitest';
import { isFinished, runProgress, sourcesOfRuns } from './importRuns';

const running = { status: 'RUNNING' as const, dryRun: false, parsedLines: 0, validIps: 0, newBans: 0, alreadyBanned: 0 };

describe('isFinished', () => {
  it('is true for completed, failed and skipped runs only', () => {
    expect((['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'] as const).map(isFinished)).toEqual([false, false, true, true, true]);
  });
});

describe('runProgress', () => {
  it('has no measure while waiting, downloading or checking', () => {
    expect(runProgress({ ...running, status: 'PENDING' })).toEqual({ value: null, label: 'Waiting for a worker…' });
    expect(runProgress(running)).toEqual({ value: null, label: 'Downloading the list…' });
    expect(runProgress({ ...running, parsedLines: 12345 })).toEqual({ value: null, label: 'Checking 12,345 entries…' });
    expect(runProgress({ ...running, parsedLines: 1 })).toEqual({ value: null, label: 'Checking 1 entry…' });
  });

  it('counts banned and already banned addresses against the valid ones', () => {
    expect(runProgress({ ...running, parsedLines: 1200, validIps: 800, newBans: 200, alreadyBanned: 100 })).toEqual({
      value: 0.375,
      label: '300 of 800 addresses handled',
    });
    expect(runProgress({ ...running, parsedLines: 10, validIps: 4, newBans: 4, alreadyBanned: 3 })).toEqual({
      value: 1,
      label: '4 of 4 addresses handled',
    });
    expect(runProgress({ ...running, parsedLines: 1, validIps: 1, newBans: 0, alreadyBanned: 0 })).toEqual({
      value: 0,
      label: '0 of 1 address handled',
    });
  });

  it('is full once the run has finished', () => {
    expect(runProgress({ ...running, status: 'COMPLETED' })).toEqual({ value: 1, label: 'Import finished.' });
    expect(runProgress({ ...running, status: 'COMPLETED', dryRun: true })).toEqual({ value: 1, label: 'Dry run finished.' });
    expect(runProgress({ ...running, status: 'FAILED' })).toEqual({ value: 1, label: 'The import failed.' });
    expect(runProgress({ ...running, status: 'SKIPPED' })).toEqual({ value: 1, label: 'Skipped: nothing to do.' });
  });
});

describe('sourcesOfRuns', () => {
  it('keeps each source once, by name, with its newest run', () => {
    const spamhaus = { id: '1', name: 'spamhaus' };
    const firehol = { id: '2', name: 'firehol' };
    const runs = [
      { id: '9', source: spamhaus },
      { id: '8', source: firehol },
      { id: '7', source: { ...spamhaus } },
    ];
    expect(sourcesOfRuns(runs)).toEqual([
      { id: '2', name: 'firehol', lastRun: { id: '8', source: firehol } },
      { id: '1', name: 'spamhaus', lastRun: { id: '9', source: spamhaus } },
    ]);
    expect(sourcesOfRuns([])).toEqual([]);
  });
});
