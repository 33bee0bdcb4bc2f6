import type { Session } from '../shared/stores/session';

/** The API's groups (libs/auth): admins may do all that staff may. */
export const isAdmin = (session: Session | null): boolean => session?.groups.includes('admin') ?? false;
export const isStaff = (session: Session | null): boolean => isAdmin(session) || (session?.groups.includes('staff') ?? false);
