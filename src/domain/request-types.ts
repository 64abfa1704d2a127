// The vocabulary every part of RightsDesk shares: request types, jurisdictions,
// channels, submitters and identity data points (docs/legal-rules.md#request-types, #verification, #authorized-agents).

export const REQUEST_TYPES = [
  'know',
  'delete',
  'correct',
  'opt_out',
  'limit',
  'nv_opt_out',
  'stl_disclosure',
  'stl_suppression',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const JURISDICTIONS = ['ca_ccpa', 'nv', 'ca_shine_the_light'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** The law each request type is made under (docs/legal-rules.md#request-types). */
export const JURISDICTION_OF_TYPE: Readonly<Record<RequestType, Jurisdiction>> = {
  know: 'ca_ccpa',
  delete: 'ca_ccpa',
  correct: 'ca_ccpa',
  opt_out: 'ca_ccpa',
  limit: 'ca_ccpa',
  nv_opt_out: 'nv',
  stl_disclosure: 'ca_shine_the_light',
  stl_suppression: 'ca_shine_the_light',
};

/**
 * The opt-outs applied without verification, as soon as they are free to proceed: of sale and
 * sharing and of sensitive data use (Regs 7060(b)), and of disclosure to third parties for their
 * direct marketing (Civ. 1798.83(c)(2); docs/legal-rules.md#request-types).
 */
const OPT_OUTS_APPLIED_AT_ONCE: readonly RequestType[] = ['opt_out', 'limit', 'stl_suppression'];

export function isAppliedWithoutVerification(type: RequestType): boolean {
  return OPT_OUTS_APPLIED_AT_ONCE.includes(type);
}

export const CHANNELS = ['web', 'email', 'phone', 'mail', 'in_person', 'gpc'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Channels where staff log the request and the consumer may have no email: the
 * receipt confirmation (Regs 7021(a)) then goes by post to the address given.
 */
export const CHANNELS_CONFIRMED_BY_LETTER: readonly Channel[] = ['phone', 'mail', 'in_person'];

/** Agents and parents are ways of submitting, not request types (docs/legal-rules.md#request-types). */
export const SUBMITTERS = ['self', 'authorized_agent', 'parent_guardian'] as const;
export type Submitter = (typeof SUBMITTERS)[number];

/** Data points a consumer can give to be matched against customer records (docs/legal-rules.md#data-points). */
export const DATA_POINTS = [
  'name',
  'email',
  'phone',
  'postal_address',
  'account_number',
  'last_interaction_date',
] as const;
export type DataPoint = (typeof DATA_POINTS)[number];

export const AGE_BANDS = ['under_13', '13_15', '16_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Know requests ask for categories, specific pieces, or both (Civ. 1798.110). */
export interface KnowScope {
  categories: boolean;
  specificPieces: boolean;
  /** Include data older than 12 months, back to 2022-01-01 (Civ. 1798.130(a)(2)(B)). */
  beyond12Months: boolean;
}

/** What a consumer may ask to correct (Civ. 1798.106): an identity data point, or something else. */
export const CORRECTABLE_FIELDS = [
  'name',
  'email',
  'phone',
  'postal_address',
  'account_number',
  'other',
] as const;
