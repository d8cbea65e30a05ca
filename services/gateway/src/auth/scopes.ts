/** What a token may do: its `scope` claim is a space-separated subset of these. */
export const SCOPES = ['orders:write', 'orders:read', 'trading:admin'] as const;
export type Scope = (typeof SCOPES)[number];
