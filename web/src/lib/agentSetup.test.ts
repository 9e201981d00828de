// Tests the hub URL, command line and env file an administrator is given to start an agent.
import { describe, expect, it } from 'vitest';
import { agentCommand, agentEnvFile, hubUrl, shellWord } from './agentSetup';

describe('hubUrl', () => {
  it('joins the origin and the base path without a trailing slash', () => {
    expect(hubUrl('https://hub.example.org', '/')).toBe('https://hub.example.org');
    expect(hubUrl('https://hub.example.org', '')).toBe('https://hub.example.org');
    expect(hubUrl('https://hub.example.org', '/bangui/')).toBe('https://hub.example.org/bangui');
    expect(hubUrl('http://127.0.0.1:8080', 'bangui')).toBe('http://127.0.0.1:8080/bangui');
  });
});

describe('shellWord', () => {
  it('leaves plain values alone and quotes the rest', () => {
    expect(shellWord('https://hub.example.org:8443/bangui')).toBe('https://hub.example.org:8443/bangui');
    expect(shellWord('bga_Zm9v-YmFy_42')).toBe('bga_Zm9v-YmFy_42');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('')).toBe("''");
  });
});

describe('agentCommand and agentEnvFile', () => {
  it('name the hub and the token', () => {
    expect(agentCommand('https://hub.example.org', 'bga_secret')).toBe(
      'BANGUI_AGENT_HUB_URL=https://hub.example.org BANGUI_AGENT_TOKEN=bga_secret bangui agent',
    );
    expect(agentEnvFile('https://hub.example.org', 'bga_secret')).toBe(
      'BANGUI_AGENT_HUB_URL=https://hub.example.org\nBANGUI_AGENT_TOKEN=bga_secret\n',
    );
  });
});
