// The top bar: navigation, playground link, signed-in account, theme toggle and sign-out.
import { NavLink } from 'react-router-dom';
import { useMutation } from 'urql';
import { Badge, Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { LogoutMutation } from '../api/operations';
import type { Role } from '../gql/graphql';
import { hasRole } from '../lib/roles';
import { useSession } from './SessionProvider';
import { useViewer } from './ViewerContext';
import { useTheme } from './ThemeContext';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase500, marginRight: tokens.spacingHorizontalM },
  nav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, flexGrow: 1 },
  link: {
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, fontWeight: tokens.fontWeightSemibold },
  account: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

const LINKS: ReadonlyArray<{ to: string; label: string; role: Role }> = [
  { to: '/', label: 'Dashboard', role: 'VIEWER' },
  { to: '/bans', label: 'Bans', role: 'VIEWER' },
  { to: '/jails', label: 'Jails', role: 'VIEWER' },
  { to: '/allowlist', label: 'Allowlist', role: 'VIEWER' },
  { to: '/blocklists', label: 'Blocklists', role: 'VIEWER' },
  { to: '/hosts', label: 'Hosts', role: 'VIEWER' },
  { to: '/users', label: 'Users', role: 'ADMIN' },
  { to: '/tokens', label: 'API tokens', role: 'ADMIN' },
  { to: '/audit', label: 'Audit log', role: 'ADMIN' },
  { to: '/changes', label: 'Config changes', role: 'ADMIN' },
  { to: '/notifications', label: 'Notifications', role: 'ADMIN' },
];

export function AppHeader() {
  const styles = useStyles();
  const viewer = useViewer();
  const { signOut } = useSession();
  const { mode, toggle } = useTheme();
  const [{ fetching }, logout] = useMutation(LogoutMutation);

  const onLogout = async () => {
    await logout({});
    signOut();
  };

  return (
    <header className={styles.header}>
      <span className={styles.brand}>BanGUI</span>
      <nav className={styles.nav} aria-label="Main">
        {LINKS.filter((link) => hasRole(viewer.role, link.role)).map((link) => (
          <NavLink
            key={link.to}
            to={link.to}
            end={link.to === '/'}
            className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}
          >
            {link.label}
          </NavLink>
        ))}
        <a className={styles.link} href="/playground">
          Playground
        </a>
      </nav>
      <div className={styles.account}>
        <NavLink
          to="/account"
          aria-label={`Your account: ${viewer.username}`}
          className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}
        >
          {viewer.username}
        </NavLink>
        <Badge appearance="outline">{viewer.role}</Badge>
        <Button appearance="subtle" onClick={toggle} aria-label={`Switch to ${mode === 'light' ? 'dark' : 'light'} theme`}>
          {mode === 'light' ? 'Dark theme' : 'Light theme'}
        </Button>
        <Button onClick={onLogout} disabled={fetching}>
          Sign out
        </Button>
      </div>
    </header>
  );
}
