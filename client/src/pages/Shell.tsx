// Header (name, connection, language) around every spectator page.
import { Link, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ConnectionIndicator } from '../live/ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';

export function Shell() {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <span className="topbar-spacer" />
        <ConnectionIndicator />
        <LanguageSwitch />
      </header>
      <Outlet />
    </div>
  );
}
