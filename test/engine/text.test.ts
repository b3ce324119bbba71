import { MAX_ANALYSED_CHARS, normalise, words } from '../../src/engine/text';

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
