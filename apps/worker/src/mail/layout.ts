/**
 * The one layout of all German e-mails: a greeting, content blocks, a closing and a footer, rendered
 * as plain text and as simple HTML (inline styles only, which is what mail clients display reliably).
 */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; items: { label: string; value: string }[] }
  | { kind: 'action'; label: string; url: string };

export interface MailContent {
  subject: string;
  /** Short summary shown by mail clients next to the subject; hidden in the body. */
  preheader?: string;
  greeting: string;
  blocks: MailBlock[];
  /** Lines of the sign-off, e.g. "Mit freundlichen Grüßen" and the sender. */
  closing: string[];
  /** Lines separated by "\n". */
  footer: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function textBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.items.map((i) => `${i.label}: ${i.value}`).join('\n');
    case 'action':
      return `${block.label}:\n${block.url}`;
  }
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933';

function htmlBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${block.items
        .map(
          (i) =>
            `<tr><td style="padding:2px 16px 2px 0;color:#52606d">${escapeHtml(i.label)}</td><td style="padding:2px 0"><strong>${escapeHtml(i.value)}</strong></td></tr>`,
        )
        .join('')}</table>`;
    case 'action':
      return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:10px 20px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(block.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#52606d">${escapeHtml(block.url)}</p>`;
  }
}

export function renderMail(content: MailContent): RenderedMail {
  const text = [
    content.greeting,
    ...content.blocks.map(textBlock),
    content.closing.join('\n'),
    `--\n${content.footer}`,
  ].join('\n\n');

  const preheader = content.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(content.preheader)}</div>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f7fa">
${preheader}<table role="presentation" width="100%" style="border-collapse:collapse;background:#f5f7fa"><tr><td style="padding:24px">
<table role="presentation" width="100%" style="max-width:600px;margin:0 auto;border-collapse:collapse;background:#ffffff"><tr><td style="padding:32px;${FONT}">
<p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>
${content.blocks.map(htmlBlock).join('\n')}
<p style="margin:24px 0 0">${content.closing.map(escapeHtml).join('<br>')}</p>
</td></tr></table>
<p style="max-width:600px;margin:16px auto 0;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#7b8794">${escapeHtml(content.footer).replace(/\n/g, '<br>')}</p>
</td></tr></table>
</body>
</html>
`;
  return { subject: content.subject, text, html };
}
