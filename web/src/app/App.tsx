// The app's routes.
import { Route, Routes } from 'react-router-dom';
import { RequireViewer } from './RequireViewer';
import { RequireRole } from './RequireRole';
import { LoginPage } from '../pages/LoginPage';
import { SetupPage } from '../pages/SetupPage';
import { DashboardPage } from '../pages/DashboardPage';
import { BansPage } from '../pages/BansPage';
import { JailsPage } from '../pages/JailsPage';
import { JailPage } from '../pages/JailPage';
import { CreateJailPage } from '../pages/CreateJailPage';
import { AllowlistPage } from '../pages/AllowlistPage';
import { ConfigChangesPage } from '../pages/ConfigChangesPage';
import { BlocklistsPage } from '../pages/BlocklistsPage';
import { HostsPage } from '../pages/HostsPage';
import { UsersPage } from '../pages/UsersPage';
import { TokensPage } from '../pages/TokensPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { AuditPage } from '../pages/AuditPage';
import { AccountPage } from '../pages/AccountPage';
import { NotFoundPage } from '../pages/NotFoundPage';

export function App() {
  return (
    <Routes>
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireViewer />}>
        <Route index element={<DashboardPage />} />
        <Route path="/bans" element={<BansPage />} />
        <Route path="/jails" element={<JailsPage />} />
        <Route path="/jails/:name" element={<JailPage />} />
        <Route path="/allowlist" element={<AllowlistPage />} />
        <Route path="/blocklists" element={<BlocklistsPage />} />
        <Route path="/hosts" element={<HostsPage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route element={<RequireRole role="ADMIN" />}>
          <Route path="/users" element={<UsersPage />} />
          <Route path="/tokens" element={<TokensPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/jails/new" element={<CreateJailPage />} />
          <Route path="/changes" element={<ConfigChangesPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
