export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Route metadata: which callers a route admits. */
export const AUTH_POLICY = Symbol('AUTH_POLICY');

/** customer: any signed-in user; staff: group staff or admin; admin: group admin. */
export type AuthPolicy = 'customer' | 'staff' | 'admin';
