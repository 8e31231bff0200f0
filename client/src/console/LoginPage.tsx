// Log-in with e-mail address and password; the server sets the session cookie.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { consoleApi } from './console-api';
import { useSession } from './session';

export function LoginPage() {
  const { organizer, setOrganizer } = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/console';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (organizer) return <Navigate to={from} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const { organizer } = await consoleApi.logIn(email, password);
      setOrganizer(organizer);
      navigate(from, { replace: true });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <form className="page console-card login" onSubmit={(e) => void submit(e)}>
      <h1>{t('console.login.title')}</h1>
      <label>{t('console.login.email')} <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
      <label>{t('console.login.password')} <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
      <button type="submit">{t('console.login.submit')}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
