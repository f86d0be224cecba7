/** The roles an access token can carry. Registration grants `customer`; `admin` is seeded. */
export const roles = ['customer', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
