// What an administrator runs on a new host to start `bangui agent` with its token.

/** Where the systemd unit shipped with BanGUI reads the agent's settings. */
export const AGENT_ENV_FILE = '/etc/bangui/agent.env';

/** The systemd unit shipped with BanGUI that runs the agent. */
export const AGENT_UNIT = 'deploy/systemd/bangui-agent.service';

/** The hub's URL as agents reach it: the page's origin and the app's base path, without a trailing slash. */
export function hubUrl(origin: string, basePath: string): string {
  const path = basePath.replace(/\/+$/, '');
  return `${origin}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
}

/** A value as a POSIX shell word: as it is when it holds no special character, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9._~:/@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The one line that starts the agent in a shell. */
export function agentCommand(hub: string, token: string): string {
  return `BANGUI_AGENT_HUB_URL=${shellWord(hub)} BANGUI_AGENT_TOKEN=${shellWord(token)} bangui agent`;
}

/** The content of AGENT_ENV_FILE for the systemd unit. */
export function agentEnvFile(hub: string, token: string): string {
  return `BANGUI_AGENT_HUB_URL=${hub}\nBANGUI_AGENT_TOKEN=${token}\n`;
}
