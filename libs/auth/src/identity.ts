/** Who is calling, as established from a verified bearer token. */
export interface Identity {
  readonly sub: string;
  readonly groups: readonly string[];
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
