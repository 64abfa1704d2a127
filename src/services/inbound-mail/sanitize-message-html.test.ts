import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from './sanitize-message-html.js';

describe('showing a received message’s HTML', () => {
  it('keeps formatting and plain links, drops scripts, handlers, styles, images and javascript: links', () => {
    const html = sanitizeMessageHtml(
      '<p style="color:red" onclick="steal()">Hello <b>there</b></p><script>alert(1)</script>' +
        '<img src="https://tracker.example/pixel.gif"><a href="javascript:alert(1)">x</a>' +
        '<a href="https://example.com/policy">policy</a><style>body{}</style>',
    );
    expect(html).toContain('<p>Hello <b>there</b></p>');
    expect(html).toContain('href="https://example.com/policy"');
    expect(html).not.toMatch(/script|onclick|style|img|javascript/i);
  });
});
