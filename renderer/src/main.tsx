import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/context.js';
import { startSession } from './api/session.js';
import { pickApi } from './api/pick-api.js';
import { App } from './App.js';
import { applyTheme, loadTheme } from './theme.js';
import './styles.css';

applyTheme(loadTheme());
const { api, kind } = pickApi();
// In a browser, the sign-in link's single-use code becomes this tab's session first (also when
// the link is opened in a tab already showing the dashboard: then only the hash changes).
if (kind === 'http') {
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(window.location.hash.slice(1)).has('code'))
      void startSession().finally(() => window.location.reload());
  });
}
void (kind === 'http' ? startSession() : Promise.resolve()).finally(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
});
