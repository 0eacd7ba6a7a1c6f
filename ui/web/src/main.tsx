/// <reference types="vite/client" />
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import { get, request, setCsrfToken, type Settings, type User } from './api';
import { ChangePassword, Login } from './components/Login';
import { DashboardList, DashboardPage } from './components/Dashboard';
import { Explore } from './components/Explore';
import { AlertsPage } from './components/Alerts';
import { installLinkHandler, navigate, useUrl } from './router';

type Theme = 'dark' | 'light';

function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('plg.theme', theme);
}

function App() {
  const { path } = useUrl();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [settings, setSettings] = useState<Settings>();
  const [skipPassword, setSkipPassword] = useState(sessionStorage.getItem('plg.skipPassword') === '1');
  const [theme, setTheme] = useState<Theme>((localStorage.getItem('plg.theme') as Theme) || 'dark');
  const [loadError, setLoadError] = useState('');

  useEffect(() => { applyTheme(theme); }, [theme]);
  useEffect(() => {
    get<User>('/api/user').then((u) => { setCsrfToken(u.csrfToken); setUser(u); }).catch(() => setUser(null));
    const onUnauthorized = () => { setUser(null); setSettings(undefined); };
    window.addEventListener('plg-unauthorized', onUnauthorized);
    return () => window.removeEventListener('plg-unauthorized', onUnauthorized);
  }, []);
  useEffect(() => {
    if (user) get<Settings>('/api/frontend/settings').then(setSettings).catch((e) => setLoadError(e.message));
  }, [user]);

  if (user === undefined) return <div class="loading-block"><span class="spinner" /> Loading…</div>;
  if (user === null) {
    return <Login onLogin={(u) => { setCsrfToken(u.csrfToken); setUser(u); if (path === '/login') navigate('/'); }} />;
  }
  if ((user.mustChangePassword && !skipPassword) || path === '/profile/password') {
    const done = () => {
      sessionStorage.setItem('plg.skipPassword', '1'); setSkipPassword(true);
      get<User>('/api/user').then((u) => { setCsrfToken(u.csrfToken); setUser(u); }).catch(() => setUser(null));
      if (path === '/profile/password') navigate('/');
    };
    return <ChangePassword forced={user.mustChangePassword && path !== '/profile/password'} onDone={done} />;
  }
  const logout = async () => {
    try { await request('POST', '/api/logout'); } catch { /* already logged out */ }
    sessionStorage.removeItem('plg.skipPassword');
    setUser(null); navigate('/login');
  };
  let page;
  if (!settings) page = loadError ? <div class="panel-error">{loadError}</div> : <div class="loading-block"><span class="spinner" /> Loading…</div>;
  else if (path === '/explore') page = <Explore settings={settings} />;
  else if (path === '/dashboards') page = <DashboardList />;
  else if (path === '/alerting' || path.startsWith('/alerting/')) page = <AlertsPage settings={settings} />;
  else if (path.startsWith('/d/')) page = <DashboardPage uid={decodeURIComponent(path.split('/')[2] ?? '')} settings={settings} />;
  else page = <DashboardPage settings={settings} />;
  const active = (p: string) => (path === p || (p !== '/' && path.startsWith(p)) ? 'active' : '');
  return (
    <div class="app">
      <nav class="topnav">
        <a class="logo" href="/" title="Home dashboard">PLG</a>
        <a class={active('/')} href="/">Home</a>
        <a class={active('/dashboards') || (path.startsWith('/d/') ? 'active' : '')} href="/dashboards">Dashboards</a>
        <a class={active('/explore')} href="/explore">Explore</a>
        <a class={active('/alerting')} href="/alerting/list">Alerts</a>
        <span class="spacer" />
        <button class="btn ghost" title="Toggle dark/light theme" aria-label="Toggle theme" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>{theme === 'dark' ? '☀' : '☾'}</button>
        <a href="/profile/password" class="user" title="Change password">{user.login}</a>
        <button class="btn ghost" onClick={logout}>Log out</button>
      </nav>
      <main>{page}</main>
    </div>
  );
}

installLinkHandler();
applyTheme((localStorage.getItem('plg.theme') as Theme) || 'dark');
render(<App />, document.getElementById('app')!);
