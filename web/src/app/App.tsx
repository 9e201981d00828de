// The app's routes.
import { Route, Routes } from 'react-router-dom';
import { RequireViewer } from './RequireViewer';
import { LoginPage } from '../pages/LoginPage';
import { SetupPage } from '../pages/SetupPage';
import { DashboardPage } from '../pages/DashboardPage';
import { BansPage } from '../pages/BansPage';
import { JailsPage } from '../pages/JailsPage';
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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
