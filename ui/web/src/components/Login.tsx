import { useState } from 'preact/hooks';
import { request, type User } from '../api';

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError('');
    try { onLogin(await request<User>('POST', '/api/login', { user, password })); } catch (err) { setError((err as Error).message); }
    setBusy(false);
  };
  return (
    <div class="login-page">
      <form class="login-box" onSubmit={submit}>
        <div class="logo big">PLG</div>
        <h1>Welcome to PLG</h1>
        <label>Email or username<input class="input" name="user" autoComplete="username" autoFocus value={user} onInput={(e) => setUser((e.target as HTMLInputElement).value)} /></label>
        <label>Password<input class="input" name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} /></label>
        {error && <div class="panel-error" role="alert">{error}</div>}
        <button class="btn primary wide" type="submit" disabled={busy || !user || !password}>{busy ? 'Logging in…' : 'Log in'}</button>
        <p class="hint">The admin account comes from GF_SECURITY_ADMIN_USER / GF_SECURITY_ADMIN_PASSWORD (default admin / admin).</p>
      </form>
    </div>
  );
}

export function ChangePassword({ onDone, forced }: { onDone: () => void; forced: boolean }) {
  const [oldPassword, setOld] = useState(forced ? 'admin' : '');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (newPassword !== confirm) { setError('The two new passwords differ.'); return; }
    try { await request('PUT', '/api/user/password', { oldPassword, newPassword }); onDone(); } catch (err) { setError((err as Error).message); }
  };
  return (
    <div class="login-page">
      <form class="login-box" onSubmit={submit}>
        <h1>Update your password</h1>
        {forced && <p class="hint">You are using the default password. Continue to change it now, or skip for this session.</p>}
        {!forced && <label>Old password<input class="input" type="password" name="oldPassword" value={oldPassword} onInput={(e) => setOld((e.target as HTMLInputElement).value)} /></label>}
        <label>New password<input class="input" type="password" name="newPassword" value={newPassword} onInput={(e) => setNew((e.target as HTMLInputElement).value)} /></label>
        <label>Confirm new password<input class="input" type="password" name="confirm" value={confirm} onInput={(e) => setConfirm((e.target as HTMLInputElement).value)} /></label>
        {error && <div class="panel-error" role="alert">{error}</div>}
        <button class="btn primary wide" type="submit" disabled={!newPassword}>Submit</button>
        <button class="btn wide" type="button" onClick={onDone}>Skip</button>
      </form>
    </div>
  );
}
