// Light/dark theme choice, remembered in localStorage, applied through FluentProvider.
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { FluentProvider, useFocusFinders, webDarkTheme, webLightTheme } from '@fluentui/react-components';

type Mode = 'light' | 'dark';
const KEY = 'bangui.theme';

interface ThemeState {
  mode: Mode;
  toggle: () => void;
}

const ThemeContext = createContext<ThemeState>({ mode: 'light', toggle: () => undefined });

function initialMode(): Mode {
  try {
    const saved = window.localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // fall through to the system preference
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Holds Fluent's focus manager (tabster) for as long as the app runs. Without a
 * holder, closing the last dialog of a page that then removes it disposes the
 * manager before it has lifted the dialog's aria-hidden from the rest of the
 * page, which then stays hidden from assistive technology.
 */
function FocusManagerHolder() {
  useFocusFinders();
  return null;
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<Mode>(initialMode);
  const toggle = useCallback(() => {
    setMode((current) => {
      const next = current === 'light' ? 'dark' : 'light';
      try {
        window.localStorage.setItem(KEY, next);
      } catch {
        // not remembered
      }
      return next;
    });
  }, []);
  const value = useMemo(() => ({ mode, toggle }), [mode, toggle]);
  return (
    <ThemeContext.Provider value={value}>
      <FluentProvider theme={mode === 'dark' ? webDarkTheme : webLightTheme} style={{ minHeight: '100vh' }}>
        <FocusManagerHolder />
        {children}
      </FluentProvider>
    </ThemeContext.Provider>
  );
}

export function useTheme(): ThemeState {
  return useContext(ThemeContext);
}
