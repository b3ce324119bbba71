import { MAX_ANALYSED_CHARS, normalise, printable, withoutMentions, words } from '../../src/engine/text';

describe('normalising a message', () => {
  it('lower-cases, straightens quotes, spells out ellipses and folds white space', () => {
    expect(normalise('This corporate app can’t be accessed…\n\n  “Status Code”').text).toBe(
      'this corporate app can\'t be accessed... "status code"',
    );
  });

  it('drops Teams mentions, markup and backticks', () => {
    expect(normalise('<at>Proxy Bot</at> `AADSTS50059` <b>again</b>').text).toBe('aadsts50059 again');
  });

  it("keeps a pasted event entry's event ID and source, and drops its framing fields", () => {
    const n = normalise(
      'Log Name: Application\nSource: Microsoft AAD Application Proxy Connector\nEvent ID: 13019\nLevel: Error\nDescription: the ticket failed',
    );
    expect(n.framed).toBe(true);
    expect(n.framedEventIds).toEqual([13019]);
    expect(n.text).toContain('microsoft aad application proxy connector');
    expect(n.text).not.toContain('log name');
  });

  it('removes control and zero-width characters', () => {
    expect(normalise('con\u200bnector\u0007 fails').text).toBe('con nector fails');
  });

  it('reads no further than the analysis limit', () => {
    expect(normalise('a'.repeat(MAX_ANALYSED_CHARS * 2)).text.length).toBe(MAX_ANALYSED_CHARS);
  });

  it('keeps to the limit after NFKC has turned one character into several', () => {
    // '㋏' is three letters after NFKC: cut before normalising only, this was 60,000 characters.
    expect(normalise('㋏'.repeat(MAX_ANALYSED_CHARS)).text.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
  });

  it('strips many unclosed mention tags in one pass', () => {
    // A lazy "<at>…</at>" regex rescanned the rest of the text for every "<at": 24 s for 256 KB.
    const hostile = '<at'.repeat(87_000);
    expect(withoutMentions(hostile)).toBe(hostile);
    expect(withoutMentions('a <at id="0">Bot</at> b <AT>Other</AT> c <at>open')).toBe('a   b   c <at>open');
  });

  it('splits words, keeping codes and contractions whole', () => {
    expect(words("aadsts50059 can't reach msappproxy.net")).toEqual([
      'aadsts50059',
      "can't",
      'reach',
      'msappproxy',
      'net',
    ]);
  });
});

describe('text shown again', () => {
  it('loses terminal escapes, the clipboard write among them, and bidi overrides', () => {
    const osc52 = '\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007';
    const shown = printable(`before ${osc52}\u001b[2J\u001b[31mred\u001b[0m \u202eevil\u202c after\u0000`);
    expect(shown).toBe('before red evil after');
    expect(printable('line one\nline two\ttab')).toBe('line one\nline two\ttab');
  });

  it('costs little for an escape that never ends', () => {
    expect(printable(`\u001b]${'x'.repeat(100_000)}`).length).toBeLessThan(100_000);
  });
});
