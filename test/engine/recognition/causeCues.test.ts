import type { Topic } from '../../../src/engine/knowledgeSchema';
import { createCauseCues } from '../../../src/engine/recognition/causeCues';

const fix = { steps: ['do it'], links: [{ title: 'doc', url: 'https://learn.microsoft.com/x' }] };
const topic = (id: string, causes: [string, string[]][]): Topic => ({
  id,
  title: id,
  label: id,
  area: 'connector-health',
  seen: id,
  signatures: { texts: [], codes: [], eventIds: [], urls: [], terms: [] },
  examples: [],
  heldOut: [],
  generalChecks: [],
  loggedWith: [],
  tree: { start: 'x', nodes: {} },
  causes: causes.map(([cid, cues]) => ({ id: cid, summary: cid, cues, rulesOut: [], fix, shared: false })),
});

const cues = createCauseCues([
  topic('two', [
    ['proxy', ['\\bproxy\\b', '\\bzscaler\\b']],
    ['cert', ['\\bcertificate\\b', '\\bexpired\\b']],
  ]),
  topic('one', [['only', ['\\bssl inspection\\b']]]),
]);

describe('cause cues', () => {
  it('picks the cause with most cues found', () => {
    expect(cues.detect('two', 'the zscaler proxy blocks it')).toEqual({ cause: 'proxy', reason: 'cue' });
  });

  it('leaves the cause open on a tie or with no cue', () => {
    expect(cues.detect('two', 'proxy and certificate both changed')).toBeUndefined();
    expect(cues.detect('two', 'nothing works')).toBeUndefined();
  });

  it("names a single-cause topic's cause, saying whether the message stated it", () => {
    expect(cues.detect('one', 'ssl inspection is on')).toEqual({ cause: 'only', reason: 'cue' });
    expect(cues.detect('one', 'it fails')).toEqual({ cause: 'only', reason: 'only-cause' });
  });

  it('knows no cause for an unknown topic', () => {
    expect(cues.detect('nope', 'proxy')).toBeUndefined();
  });
});
