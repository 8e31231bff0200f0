// Country values real entrant files carry, through the maintained country package.
import { describe, expect, it } from 'vitest';
import { countryInfo, normaliseCountry } from '../server/setup/countries';
import { entrantsFromRows, guessColumnMapping, parseCsv } from '../server/setup/entrant-rows';
import { buildRace } from '../server/setup/race-builder';

describe('country values', () => {
  it.each([
    ['IR', 'IRN'], ['irn', 'IRN'], ['IRI', 'IRN'], ['GER', 'DEU'], ['SUI', 'CHE'], ['NED', 'NLD'],
    ['SIN', 'SGP'], ['TRI', 'TTO'], ['AHO', 'ANT'],
    ['Germany', 'DEU'], ['united kingdom', 'GBR'], ['Côte d’Ivoire', 'CIV'], ['Ivory Coast', 'CIV'], ['Iran', 'IRN'], ['The Netherlands', 'NLD'], ['South Korea', 'KOR'], ['Trinidad & Tobago', 'TTO'],
  ])('%s is %s', (input, code) => {
    expect(normaliseCountry(input)).toEqual({ code, known: true });
  });

  it('keeps an unknown code as given, leaves out an unknown name, with a warning either way', () => {
    expect(normaliseCountry('XYZ')).toEqual({ code: 'XYZ', known: false, warning: 'unknown country "XYZ", kept as given' });
    expect(normaliseCountry('Atlantis')).toEqual({ code: undefined, known: false, warning: 'unknown country "Atlantis", left out' });
    expect(countryInfo('ANT')).toEqual({ name: 'Netherlands Antilles', alpha2: null });
  });

  it('an entrant file: unknown values are warnings with their line, every entrant kept, division and seed time read', () => {
    const races = [buildRace({ id: '42k', name: 'Marathon', distance: 42_195, splits: [10_000] })];
    const csv = parseCsv(['Bib,Name,Sex,Nation,Division,Seed time', '1,A,F,SIN,,2:45:00', '2,B,M,Atlantis,Wheelchair,', '3,C,F,Trinidad and Tobago,elite,7800', '4,D,M,ZZ,,soon'].join('\n'));
    const mapping = guessColumnMapping(csv.headers);
    expect(mapping).toMatchObject({ country: 'Nation', division: 'Division', seedTime: 'Seed time' });
    const { entrants, problems, warnings } = entrantsFromRows(csv.rows, { mapping, races, defaultRaceId: '42k' });
    expect(warnings).toEqual([
      { line: 3, field: 'country', message: 'unknown country "Atlantis", left out' },
      { line: 5, field: 'country', message: 'unknown country "ZZ", kept as given' },
    ]);
    expect(problems).toEqual([{ line: 5, field: 'seedTime', message: '"soon" is not a time (H:MM:SS, MM:SS or seconds)' }]);
    expect(entrants.map((e) => [e.bib, e.country, e.division, e.seedSeconds])).toEqual([
      ['1', 'SGP', undefined, 9900],
      ['2', undefined, 'wheelchair', undefined],
      ['3', 'TTO', 'elite', 7800],
    ]);
  });
});
