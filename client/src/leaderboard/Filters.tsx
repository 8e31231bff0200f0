import { useTranslation } from 'react-i18next';
import type { EventInfo } from '../../../shared/domain';
import { FILTER_KEYS, type FilterKey, type LeaderboardFilter } from '../../../shared/board/filters';
import type { FilterOptions } from './filters';
import { useCountryName } from '../i18n/country-name';

interface Props {
  options: FilterOptions;
  filter: LeaderboardFilter;
  countries: EventInfo['countries'];
  onChange(key: FilterKey, value: string): void;
}

/** One choice per filter of the board (shared/board/filters.ts), shown when the race offers any value for it. */
export function Filters({ options, filter, countries, onChange }: Props) {
  const { t } = useTranslation();
  const country = useCountryName(countries);
  // A value as it reads to a spectator; the value itself unless named here.
  const label: Partial<Record<FilterKey, (value: string) => string>> = {
    gender: (g) => t(`gender.${g}`),
    country,
  };
  return (
    <div className="filters">
      {FILTER_KEYS.filter((key) => options[key].length > 0 || filter[key]).map((key) => (
        <select key={key} aria-label={t(`filter.${key}`)} data-testid={`filter-${key}`} value={filter[key] ?? ''} onChange={(e) => onChange(key, e.target.value)}>
          <option value="">{t(`filter.all.${key}`)}</option>
          {options[key].map((value) => (
            <option key={value} value={value}>
              {label[key]?.(value) ?? value}
            </option>
          ))}
        </select>
      ))}
    </div>
  );
}
