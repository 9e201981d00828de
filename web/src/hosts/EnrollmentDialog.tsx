// Shows a host's new agent token this one time, with the command that starts `bangui agent` and the
// env file of its systemd unit, each with a copy button. The dialog stays mounted and is opened and
// closed, as a Fluent dialog unmounted while open leaves aria-hidden behind.
import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  AGENT_ENV_FILE,
  AGENT_UNIT,
  agentCommand,
  agentEnvFile,
  hubUrl,
} from "../lib/agentSetup";

const useStyles = makeStyles({
  content: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  block: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    alignItems: "flex-start",
  },
  code: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    maxWidth: "100%",
    boxSizing: "border-box",
    overflowX: "auto",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    alignSelf: "stretch",
  },
});

/** A host with the agent token the server has just made for it. */
export interface Enrollment {
  host: string;
  token: string;
  /** Whether the host was just added (else its token was replaced). */
  added: boolean;
}

interface Props {
  /** Null closes the dialog, which forgets the token. */
  enrollment: Enrollment | null;
  onClose: () => void;
}

export function EnrollmentDialog({ enrollment, onClose }: Props) {
  return (
    <Dialog
      open={enrollment !== null}
      modalType="alert"
      onOpenChange={(_, d) => !d.open && onClose()}
    >
      <DialogSurface>
        {enrollment && (
          <EnrollmentBody
            key={enrollment.token}
            {...enrollment}
            onClose={onClose}
          />
        )}
      </DialogSurface>
    </Dialog>
  );
}

type Copied = "idle" | "token" | "command" | "env file" | "unavailable";

function EnrollmentBody({
  host,
  token,
  added,
  onClose,
}: Enrollment & { onClose: () => void }) {
  const styles = useStyles();
  const [copied, setCopied] = useState<Copied>("idle");
  const hub = hubUrl(window.location.origin, import.meta.env.BASE_URL);
  const command = agentCommand(hub, token);
  const envFile = agentEnvFile(hub, token);

  const copy = async (
    what: Exclude<Copied, "idle" | "unavailable">,
    text: string,
  ) => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied("unavailable");
    }
  };

  return (
    <DialogBody>
      <DialogTitle>
        {added ? `Host ${host} added` : `New agent token for ${host}`}
      </DialogTitle>
      <DialogContent className={styles.content}>
        <MessageBar intent="warning">
          <MessageBarBody>
            This is the only time the agent token is shown. Copy it now; BanGUI
            keeps only a hash of it.
            {!added &&
              " The old token no longer works: start the agent again with this one."}
          </MessageBarBody>
        </MessageBar>
        <Field label="Agent token">
          <Input
            readOnly
            value={token}
            onFocus={(event) => event.currentTarget.select()}
            style={{ fontFamily: "monospace" }}
          />
        </Field>
        <div
          className={styles.block}
          role="group"
          aria-label="Command that starts the agent"
        >
          <Text>On {host}, with fail2ban installed, start the agent:</Text>
          <pre className={styles.code}>
            <code>{command}</code>
          </pre>
          <Button size="small" onClick={() => copy("command", command)}>
            Copy command
          </Button>
        </div>
        <div
          className={styles.block}
          role="group"
          aria-label="Env file of the systemd unit"
        >
          <Text>
            Or run it as the systemd unit <code>{AGENT_UNIT}</code>, which reads{" "}
            <code>{AGENT_ENV_FILE}</code>:
          </Text>
          <pre className={styles.code}>
            <code>{envFile}</code>
          </pre>
          <Button size="small" onClick={() => copy("env file", envFile)}>
            Copy env file
          </Button>
        </div>
        <Text size={200}>
          The agent also reads <code>BANGUI_AGENT_TOKEN_FILE</code> (a file
          holding the token, instead of <code>BANGUI_AGENT_TOKEN</code>),{" "}
          <code>BANGUI_AGENT_STATE</code> (its queue,{" "}
          <code>data/agent.sqlite</code> unless set),{" "}
          <code>BANGUI_FAIL2BAN_SOCKET</code>, <code>BANGUI_FAIL2BAN_DB</code>{" "}
          and <code>BANGUI_FAIL2BAN_CONFIG_DIR</code> (which fail2ban-client
          reads when a jail is reloaded or started).
        </Text>
        {copied === "unavailable" ? (
          <Text role="status" weight="semibold">
            The clipboard is not available here. Select the text above and copy
            it yourself.
          </Text>
        ) : (
          copied !== "idle" && (
            <Text role="status" weight="semibold">
              Copied the {copied} to the clipboard.
            </Text>
          )
        )}
      </DialogContent>
      <DialogActions>
        <Button appearance="primary" onClick={() => copy("token", token)}>
          Copy token
        </Button>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </DialogBody>
  );
}
