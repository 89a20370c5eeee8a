/**
 * Searching citizens' comments without tones or case (ARCHITECTURE invariant 4): each comment is
 * stored with a search key, made at ingest (and by migration 0008 for older ratings).
 *
 * The key is made from the comment with its personal data masked: a search can never match a
 * hidden phone number, ID number or e-mail address, so nobody can probe for one digit by digit.
 */
import { maskPersonalData } from '../../shared/personal-data';
import { searchKey } from '../../shared/text';

export function commentSearchKey(comment: string | null): string | null {
  return comment === null ? null : searchKey(maskPersonalData(comment).text);
}

/** The words of a search, as keys; a comment matches when its key contains every one of them. */
export function searchWords(query: string): string[] {
  return searchKey(query).split(' ').filter(Boolean).slice(0, 10);
}

/** A word inside a LIKE pattern: %, _ and the escape character itself stand for themselves. */
export function likeContaining(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
