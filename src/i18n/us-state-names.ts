// Names of the states and territories in src/domain/us-states.ts, for the state pickers.

import { US_STATE_CODES } from '../domain/us-states.js';
import type { Language } from './index.js';

type UsStateCode = (typeof US_STATE_CODES)[number];

// prettier-ignore
const ENGLISH: Readonly<Record<UsStateCode, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho',
  IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine',
  MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi',
  MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
  NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio',
  OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina',
  SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia',
  WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', DC: 'District of Columbia',
  AS: 'American Samoa', GU: 'Guam', MP: 'Northern Mariana Islands', PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
};

/** Only the names Spanish writes differently. */
// prettier-ignore
const SPANISH: Readonly<Partial<Record<UsStateCode, string>>> = {
  HI: 'Hawái', LA: 'Luisiana', MS: 'Misisipi', MO: 'Misuri', NH: 'Nuevo Hampshire', NJ: 'Nueva Jersey',
  NM: 'Nuevo México', NY: 'Nueva York', NC: 'Carolina del Norte', ND: 'Dakota del Norte',
  PA: 'Pensilvania', SC: 'Carolina del Sur', SD: 'Dakota del Sur', WV: 'Virginia Occidental',
  DC: 'Distrito de Columbia', AS: 'Samoa Estadounidense', MP: 'Islas Marianas del Norte',
  VI: 'Islas Vírgenes de los Estados Unidos',
};

function usStateName(code: UsStateCode, language: Language): string {
  return (language === 'es' ? SPANISH[code] : undefined) ?? ENGLISH[code];
}

/** The choices of a state picker, in the order of src/domain/us-states.ts. */
export function usStateOptions(language: Language) {
  return US_STATE_CODES.map((code) => ({ value: code, label: usStateName(code, language) }));
}
