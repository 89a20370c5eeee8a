import { COMMENT_MAX_LENGTH, DOSSIER_CODE_MAX_LENGTH } from '../../../shared/rating';

export { COMMENT_MAX_LENGTH, DOSSIER_CODE_MAX_LENGTH };

// C0 controls except TAB and LF, DEL and C1 controls (NUL among them): never stored.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface CleanComment {
  text: string;
  /** Characters beyond the limit were dropped. */
  truncated: boolean;
  /** NUL or other control characters were dropped. */
  cleaned: boolean;
}

/**
 * Makes any text (typed, pasted, scanned) storable as a comment: NFC, no control characters, tabs
 * as spaces, at most COMMENT_MAX_LENGTH characters as the screen counts them (code points).
 * Emoji, right-to-left text and HTML stay as text: the screen never renders a comment as markup.
 */
export function cleanComment(raw: string): CleanComment {
  const withoutControls = raw.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '');
  const cleaned = withoutControls.length !== raw.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').length;
  const chars = [...withoutControls.normalize('NFC')];
  const truncated = chars.length > COMMENT_MAX_LENGTH;
  return { text: chars.slice(0, COMMENT_MAX_LENGTH).join(''), truncated, cleaned };
}

/** Length as the counter shows it. */
export const commentLength = (text: string): number => [...text.normalize('NFC')].length;
