import fc from 'fast-check';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { escapeHtml } from './escape-html';

/** What a browser makes of `text` placed in a paragraph and in a quoted attribute. */
function readBack(text: string): { content: string; attribute: string; elements: number } {
  const html = `<p title="${escapeHtml(text)}">${escapeHtml(text)}</p>`;
  const p = parseFragment(html).childNodes[0] as DefaultTreeAdapterMap['element'];
  return {
    content: p.childNodes.map((node) => ('value' in node ? node.value : '')).join(''),
    attribute: p.attrs.find((attr) => attr.name === 'title')?.value ?? '',
    elements: p.childNodes.filter((node) => 'tagName' in node).length,
  };
}

describe('escapeHtml', () => {
  it('replaces the five characters that HTML gives a meaning', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
    expect(escapeHtml('Maastricht')).toBe('Maastricht');
  });

  it('makes markup typed into a name plain text to an HTML parser', () => {
    expect(readBack('<script>alert(1)</script>" onclick="x')).toEqual({
      content: '<script>alert(1)</script>" onclick="x',
      attribute: '<script>alert(1)</script>" onclick="x',
      elements: 0,
    });
  });

  it('reads back as the same text, whatever the text', () => {
    fc.assert(
      fc.property(
        // Carriage returns and NUL are normalised by any HTML parser; names cannot hold them.
        fc.string({ unit: 'grapheme' }).filter((text) => !/[\r\0]/.test(text)),
        (text) => {
          expect(readBack(text)).toEqual({ content: text, attribute: text, elements: 0 });
        },
      ),
    );
  });
});
