// Entry point of the dashboard.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ThemeProvider } from './app/ThemeContext';
import { SessionProvider } from './app/SessionProvider';
import { App } from './app/App';
import './global.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

// Navigations render at once rather than as transitions: a page change rendered as a transition
// while the old page still watches the same urql query re-renders forever and never commits.
createRoot(root).render(
  <StrictMode>
    <ThemeProvider>
      <BrowserRouter useTransitions={false}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </ThemeProvider>
  </StrictMode>,
);
