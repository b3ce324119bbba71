import {
  deniedSpans,
  hedgedSpans,
  isDenied,
  readCues,
  statesPhrase,
} from '../../../src/engine/conversation/negation';

describe('negation scope', () => {
  it('denies what follows a negation, up to the end of its clause', () => {
    const text = "he is not a guest, he's a regular employee";
    expect(statesPhrase(text, 'a guest')).toBe(false);
    expect(statesPhrase(text, 'regular employee')).toBe(true);
  });

  it('takes "internal user, not external" as internal', () => {
    const text = 'internal user, not external';
    expect(statesPhrase(text, 'internal')).toBe(true);
    expect(statesPhrase(text, 'external')).toBe(false);
  });

  it('reads a plural as the word: "no guests" denies "guest"', () => {
    expect(statesPhrase("they're all staff, no guests", 'guest')).toBe(false);
  });

  it('lets a phrase that begins with the negation say what it says', () => {
    expect(statesPhrase('there is no sso in use on it', 'no sso in use')).toBe(true);
  });

  it('does not treat "not sure" as a denial', () => {
    expect(deniedSpans('not sure, maybe a guest')).toEqual([]);
  });

  it('for cause cues, a negated verb of failure describes the failure', () => {
    const text = "the firewall doesn't allow sha512 certificates";
    expect(readCues(text, [/\bsha-?512\b/i], deniedSpans(text, true)).stated).toBe(1);
    expect(readCues(text, [/\bsha-?512\b/i], deniedSpans(text)).denied).toBe(1);
  });

  it('denies the subject of a clause said to be fine, not the rest of the message', () => {
    const text = 'the css and images come back 404. links inside the text seem fine';
    expect(statesPhrase(text, 'links')).toBe(false);
    expect(statesPhrase(text, '404')).toBe(true);
    expect(statesPhrase('links are fine, the images 404', 'links')).toBe(false);
    // Only the subject: "the connector is active and the other apps are fine" still says active.
    expect(statesPhrase('connector is active and the other 6 apps on it are fine', 'active')).toBe(true);
    // Cause cues read "it works fine inside" as what it says.
    expect(deniedSpans('the page is fine inside', true)).toEqual([]);
  });

  it('ends a negation at a spaced dash', () => {
    const text = 'no active connector - wapcsvc is stopped';
    expect(isDenied(deniedSpans(text), text.indexOf('wapcsvc'))).toBe(false);
  });

  it('marks hedges, questions and narrowed statements, where nothing is ruled out', () => {
    for (const [text, at] of [
      ['make sure she is assigned', 'she is assigned'],
      ['is the service running?', 'service running'],
      ['443 is allowed only to selected destinations', '443 is allowed'],
    ] as const) {
      const i = text.indexOf(at);
      expect(hedgedSpans(text).some((s) => i >= s.start && i < s.end)).toBe(true);
    }
    expect(hedgedSpans('she is assigned directly')).toEqual([]);
  });
});
