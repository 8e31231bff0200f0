// An MBTiles file's attribution, made safe to show as HTML: Leaflet puts it in the page as markup,
// and a map file is not trusted to carry scripts or links that would leave the machine. Tags are
// dropped, common entities kept as text, and the text escaped again.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function safeAttribution(html: string): string {
  const text = decode(html.replace(/<[^>]*>?/g, ' ')).replace(/\s+/g, ' ').trim();
  return escape(text.slice(0, 500));
}
