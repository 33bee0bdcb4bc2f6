/** Who is calling, as established from a verified bearer token. */
export interface Identity {
  readonly sub: string;
  readonly groups: readonly string[];
  /** The `email` claim, when the token carries one (the local issuer's do; Cognito ID tokens do). */
  readonly email?: string;
  /** A display name (`name` claim), when the token carries one. */
  readonly name?: string;
}

export const Group = {
  /** Catalog and order administration. */
  admin: 'admin',
  /** Store staff: may move orders through their lifecycle. */
  staff: 'staff',
} as const;

export function isAdmin(identity: Identity): boolean {
  return identity.groups.includes(Group.admin);
}

export function isStaff(identity: Identity): boolean {
  return isAdmin(identity) || identity.groups.includes(Group.staff);
}
