// The .eml files the worker's file transport wrote (MAIL_OUTBOX_DIR): recipients and Message-ID.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MailFile {
  file: string;
  to: string[];
  messageId: string;
}

/** The headers of a message, folded lines joined. */
function headers(eml: string): Map<string, string> {
  const head = eml.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const result = new Map<string, string>();
  let last = '';
  for (const line of head.split(/\r?\n/)) {
    if (/^\s/.test(line) && last) result.set(last, `${result.get(last)} ${line.trim()}`);
    else {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      last = line.slice(0, colon).toLowerCase();
      result.set(last, line.slice(colon + 1).trim());
    }
  }
  return result;
}

/** Every finished message (`<id>.eml`; files still being written have another name). */
export async function mailFiles(dir: string): Promise<MailFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  return Promise.all(
    names.map(async (file) => {
      const h = headers(await readFile(path.join(dir, file), 'utf8'));
      const to = (h.get('to') ?? '').match(/[^\s<>",;]+@[^\s<>",;]+/g) ?? [];
      return { file, to: to.map((a) => a.toLowerCase()), messageId: h.get('message-id') ?? file };
    }),
  );
}
