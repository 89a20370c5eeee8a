/**
 * Text for a terminal: every control character (ESC, BEL, line breaks, C1 controls) and every
 * bidirectional formatting character written as a visible `\uXXXX` escape, so that nothing a kiosk
 * or a file sent can clear the screen, retitle the window or turn a line around. The same escapes
 * are valid inside JSON strings, so a JSON listing passed through it stays JSON.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same, line by line: the text's own line breaks stay, everything else is escaped. */
export function escapeLinesForTerminal(text: string): string {
  return text.split('\n').map(escapeForTerminal).join('\n');
}
