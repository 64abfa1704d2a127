// What an API token may do is decided by its role (issue 3, part 6); the HTTP
// layer maps roles to the actions they allow.

export const API_TOKEN_ROLES = [
  'privacy_officer',
  'call_center_agent',
  'auditor',
  'admin',
  'integration',
] as const;
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];
