// Tests splitting a unified diff into the lines the change history shows.
import { describe, expect, it } from 'vitest';
import { diffStat, parseUnifiedDiff } from './unifiedDiff';

const DIFF = [
  '--- a/jail.d/bangui.local',
  '+++ b/jail.d/bangui.local',
  '@@ -1,3 +1,3 @@',
  ' [sshd]',
  '-bantime = 600',
  '+bantime = 3600',
  '--- not a header inside a hunk',
  ' maxretry = 3',
  '\\ No newline at end of file',
  '',
].join('\n');

describe('parseUnifiedDiff', () => {
  it('gives each line its kind', () => {
    expect(parseUnifiedDiff(DIFF).map((line) => line.kind)).toEqual([
      'file',
      'file',
      'hunk',
      'context',
      'removed',
      'added',
      'removed',
      'context',
      'note',
    ]);
  });

  it('keeps the text as written', () => {
    expect(parseUnifiedDiff('+a\r\n-b\r\n')).toEqual([
      { kind: 'added', text: '+a' },
      { kind: 'removed', text: '-b' },
    ]);
    expect(parseUnifiedDiff('')).toEqual([]);
  });

  it('counts added and removed lines', () => {
    expect(diffStat(parseUnifiedDiff(DIFF))).toEqual({ added: 1, removed: 2 });
  });
});
