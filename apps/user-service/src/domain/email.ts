/**
 * The form an email address is stored and compared in. Lower-casing the whole address makes
 * uniqueness and login case-insensitive; mail servers treat the local part case-insensitively
 * in practice, and two accounts differing only in case would be a support problem.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
