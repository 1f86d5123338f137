import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/context.js';
import { pickApi } from './api/pick-api.js';
import { App } from './App.js';
import { applyTheme, loadTheme } from './theme.js';
import './styles.css';

applyTheme(loadTheme());
const { api } = pickApi();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
