import { useEffect, useState } from 'react';
import { HealthBanner } from './components/HealthBanner.js';
import { NavTabs, viewTitle, VIEWS, type View } from './components/NavTabs.js';
import { ThemeToggle } from './components/ThemeToggle.js';
import { ActivityView } from './views/ActivityView.js';
import { ClientsView } from './views/ClientsView.js';
import { ServersView } from './views/ServersView.js';
import { SettingsView } from './views/SettingsView.js';

function viewFromHash(): View {
  const v = window.location.hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(v) ? (v as View) : 'clients';
}

export function App() {
  const [view, setView] = useState<View>(viewFromHash);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${viewTitle(view)} · MCP Companion`;
  }, [view]);
  return (
    <div className="app">
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="top">
        <h1>MCP Companion</h1>
        <HealthBanner />
        <ThemeToggle />
      </header>
      <NavTabs current={view} />
      <main id="main" tabIndex={-1}>
        {view === 'clients' && <ClientsView />}
        {view === 'servers' && <ServersView />}
        {view === 'activity' && <ActivityView />}
        {view === 'settings' && <SettingsView />}
      </main>
    </div>
  );
}
