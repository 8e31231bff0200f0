import { useTranslation } from 'react-i18next';
import type { EventInfo } from '../../../shared/domain';
import type { LeaderboardFilter } from '../../../shared/standings';
import type { FilterOptions } from './filters';
import { useCountryName } from '../i18n/country-name';

interface Props {
  options: FilterOptions;
  filter: LeaderboardFilter;
  countries: EventInfo['countries'];
  onChange(key: 'gender' | 'ageGroup' | 'country', value: string): void;
}

export function Filters({ options, filter, countries, onChange }: Props) {
  const { t } = useTranslation();
  const country = useCountryName(countries);
  return (
    <div className="filters">
      <select aria-label={t('filter.gender')} data-testid="filter-gender" value={filter.gender ?? ''} onChange={(e) => onChange('gender', e.target.value)}>
        <option value="">{t('filter.allGenders')}</option>
        {options.genders.map((g) => (
          <option key={g} value={g}>
            {t(`gender.${g}`)}
          </option>
        ))}
      </select>
      {options.ageGroups.length > 0 && (
        <select aria-label={t('filter.ageGroup')} data-testid="filter-age" value={filter.ageGroup ?? ''} onChange={(e) => onChange('ageGroup', e.target.value)}>
          <option value="">{t('filter.allAgeGroups')}</option>
          {options.ageGroups.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      )}
      <select aria-label={t('filter.country')} data-testid="filter-country" value={filter.country ?? ''} onChange={(e) => onChange('country', e.target.value)}>
        <option value="">{t('filter.allCountries')}</option>
        {options.countries.map((c) => (
          <option key={c} value={c}>
            {country(c)}
          </option>
        ))}
      </select>
    </div>
  );
}
