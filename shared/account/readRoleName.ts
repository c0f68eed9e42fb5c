/**
 * The read role the member template (templates/organization-member.yaml) creates in every account of
 * an organization, and the role `keycard audit --live --org` and the hub assume there by default.
 * Kept apart from the SDK code, so the CLI can name it without loading the SDK.
 */
export const DEFAULT_READ_ROLE_NAME = 'KeycardReadRole';
