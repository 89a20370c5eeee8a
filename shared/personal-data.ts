/**
 * Personal data in citizens' comments (Decree 13/2023/NĐ-CP): phone numbers, e-mail addresses and
 * citizen ID numbers (CCCD: 12 digits; old CMND: 9) are masked for every role that may not see
 * them. Pure: the server masks before anything leaves it; the console never receives the original.
 *
 * The rule errs on the side of privacy: any run of 9 to 13 digits — separated at most by single
 * spaces, dots or dashes, optionally after "+" — is taken for a phone or an ID number. A sum of
 * money such as "150.000.000" is masked too; a date "12/05/2024" or "1.500.000 đồng" is not.
 */

const MASK = '•';

// A digit run: 9–13 digits with single separators between groups, not glued to other digits or letters.
const NUMBER_RUN = /(?<![\p{L}\p{N}])\+?\d(?:[ .-]?\d){8,12}(?![\p{L}\p{N}])/gu;
// A practical e-mail shape (RFC 5322's full grammar is not what citizens type).
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

export interface MaskedText {
  text: string;
  /** How many phone numbers, ID numbers and addresses were hidden. */
  masked: number;
}

/** Every digit but the last two becomes •; separators stay, so the shape is still readable. */
function maskNumber(run: string): string {
  const digits = run.replace(/\D/g, '').length;
  let seen = 0;
  return run.replace(/\d/g, (digit) => {
    seen += 1;
    return seen > digits - 2 ? digit : MASK;
  });
}

/** "nguyen.van.a@gmail.com" → "n•••@•••.com": the top-level domain alone says nothing of the person. */
function maskEmail(address: string): string {
  const at = address.indexOf('@');
  const domain = address.slice(at + 1);
  const tld = domain.slice(domain.lastIndexOf('.'));
  return `${address.slice(0, 1)}${MASK.repeat(3)}@${MASK.repeat(3)}${tld}`;
}

/** Masks phone numbers, citizen ID numbers and e-mail addresses in a comment. */
export function maskPersonalData(text: string): MaskedText {
  let masked = 0;
  const withoutEmails = text.replace(EMAIL, (address) => {
    masked += 1;
    return maskEmail(address);
  });
  const result = withoutEmails.replace(NUMBER_RUN, (run) => {
    masked += 1;
    return maskNumber(run);
  });
  return { text: result, masked };
}
