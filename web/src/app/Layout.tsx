// Page frame of the signed-in app: header with navigation and account controls, fail2ban and host banners, page body.
import { Outlet } from 'react-router-dom';
import { makeStyles, tokens } from '@fluentui/react-components';
import { AppHeader } from './AppHeader';
import { Fail2banBanner } from '../components/Fail2banBanner';
import { HostBanners } from '../hosts/HostBanners';

const useStyles = makeStyles({
  main: {
    maxWidth: '1280px',
    margin: '0 auto',
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    boxSizing: 'border-box',
  },
});

export function Layout() {
  const styles = useStyles();
  return (
    <>
      <AppHeader />
      <main className={styles.main} id="main">
        <Fail2banBanner />
        <HostBanners />
        <Outlet />
      </main>
    </>
  );
}
