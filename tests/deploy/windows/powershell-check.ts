/**
 * PowerShell cannot run here, so the Windows scripts are checked as text: a small tokenizer that
 * knows PowerShell's comments and strings (here-strings included) finds what most often breaks a
 * script before it runs: unbalanced brackets, a here-string whose closing quote does not start its
 * line, "$name:" in a double-quoted string (PowerShell reads it as a drive-qualified variable and
 * refuses the script), and a missing UTF-8 byte-order mark on a script with non-ASCII text (Windows
 * PowerShell 5.1 would read it as ANSI and garble "Nụ cười").
 */
export interface PowerShellProblem {
  line: number;
  message: string;
}

const OPENERS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
const CLOSERS = new Set(Object.values(OPENERS));

export function checkPowerShell(bytes: Buffer): PowerShellProblem[] {
  const problems: PowerShellProblem[] = [];
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!hasBom && [...text].some((char) => char.charCodeAt(0) > 0x7f)) problems.push({ line: 1, message: 'non-ASCII text without a UTF-8 byte-order mark (Windows PowerShell reads it as ANSI)' });
  if (text.includes('\r') && !text.includes('\r\n')) problems.push({ line: 1, message: 'bare carriage returns' });

  const stack: { char: string; line: number }[] = [];
  let line = 1;
  let i = 0;
  const at = (offset = 0) => text[i + offset] ?? '';
  const advance = () => {
    if (text[i] === '\n') line++;
    i++;
  };
  /** Checks "$name:" followed by something that is not a name (a parse error in PowerShell). */
  const checkExpandable = (body: string, startLine: number) => {
    for (const match of body.matchAll(/(?<!`)\$([A-Za-z_][A-Za-z0-9_]*):(?![A-Za-z0-9_{])/g)) {
      const before = body.slice(0, match.index);
      problems.push({ line: startLine + before.split('\n').length - 1, message: `"$${match[1]}:" in a double-quoted string: write "\${${match[1]}}:"` });
    }
  };

  while (i < text.length) {
    const c = at();
    // Block comment <# … #>
    if (c === '<' && at(1) === '#') {
      const end = text.indexOf('#>', i + 2);
      if (end === -1) {
        problems.push({ line, message: 'unclosed <# comment' });
        break;
      }
      while (i < end + 2) advance();
      continue;
    }
    // Line comment (also #Requires)
    if (c === '#') {
      while (i < text.length && at() !== '\n') advance();
      continue;
    }
    // Here-strings: @' … '@ and @" … "@, the opener ending its line, the closer starting one.
    if (c === '@' && (at(1) === "'" || at(1) === '"')) {
      const quote = at(1);
      const startLine = line;
      advance();
      advance();
      while (at() === ' ' || at() === '\t') advance();
      if (at() === '\r') advance();
      if (at() !== '\n') {
        problems.push({ line, message: `a here-string opener @${quote} must end its line` });
        continue;
      }
      const closer = new RegExp(`\\n${quote}@`, 'g');
      closer.lastIndex = i;
      const found = closer.exec(text);
      if (!found) {
        problems.push({ line: startLine, message: `here-string @${quote} never closed by ${quote}@ at the start of a line` });
        break;
      }
      const body = text.slice(i, found.index);
      if (quote === '"') checkExpandable(body, line);
      while (i < found.index + found[0].length) advance();
      continue;
    }
    // Verbatim string '…' ('' is a quote)
    if (c === "'") {
      const startLine = line;
      advance();
      while (i < text.length) {
        if (at() === "'" && at(1) === "'") {
          advance();
          advance();
        } else if (at() === "'") break;
        else advance();
      }
      if (i >= text.length) {
        problems.push({ line: startLine, message: "unclosed ' string" });
        break;
      }
      advance();
      continue;
    }
    // Expandable string "…" (`" and "" escape a quote)
    if (c === '"') {
      const startLine = line;
      const start = i + 1;
      advance();
      while (i < text.length) {
        if (at() === '`') {
          advance();
          advance();
        } else if (at() === '"' && at(1) === '"') {
          advance();
          advance();
        } else if (at() === '"') break;
        else advance();
      }
      if (i >= text.length) {
        problems.push({ line: startLine, message: 'unclosed " string' });
        break;
      }
      checkExpandable(text.slice(start, i), startLine);
      advance();
      continue;
    }
    // A backtick escapes the next character (line continuations included).
    if (c === '`') {
      advance();
      advance();
      continue;
    }
    if (c in OPENERS) stack.push({ char: c, line });
    else if (CLOSERS.has(c)) {
      const open = stack.pop();
      if (!open) problems.push({ line, message: `'${c}' closes nothing` });
      else if (OPENERS[open.char] !== c) problems.push({ line, message: `'${c}' closes '${open.char}' of line ${open.line}` });
    }
    advance();
  }
  for (const open of stack) problems.push({ line: open.line, message: `'${open.char}' is never closed` });
  return problems;
}

/** The comment-based help block at the top of a script: its sections by name (.SYNOPSIS, .NOTES, …). */
export function helpSections(text: string): Record<string, string> {
  const block = /^\uFEFF?\s*<#([\s\S]*?)#>/.exec(text)?.[1] ?? '';
  const sections: Record<string, string> = {};
  let current = '';
  for (const raw of block.split('\n')) {
    const heading = /^\s*\.([A-Z]+)\b\s*(.*)$/.exec(raw);
    if (heading) {
      current = heading[1]!;
      sections[current] = (sections[current] ?? '') + (heading[2] ? `${heading[2]}\n` : '');
    } else if (current) {
      sections[current] += `${raw.trim()}\n`;
    }
  }
  return sections;
}
