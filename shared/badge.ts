/**
 * Badge codes as scanners type them: trailing CR/LF/Tab, stray spaces, any letter case.
 * The canonical form is trimmed and upper-case; it is hashed before storage.
 */
export function normalizeBadgeCode(raw: string): string {
  return raw.normalize('NFC').trim().toUpperCase();
}
