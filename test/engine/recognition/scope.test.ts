import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createScope } from '../../../src/engine/recognition/scope';
import { normalise } from '../../../src/engine/text';

const scope = createScope(loadKnowledge(defaultKnowledgeDir()));
const anchors = (text: string) => scope.anchors(normalise(text).text);
const notAProblem = (text: string) => scope.notAProblem(normalise(text).text);

describe('anchors', () => {
  it('counts the mentions of application proxy itself', () => {
    expect(anchors('app proxy connector, Entra application proxy and apps.msappproxy.net')).toBe(3);
    expect(anchors("This corporate app can't be accessed")).toBe(1);
  });

  it('does not take Web Application Proxy, or vocabulary alone, for application proxy', () => {
    expect(anchors('our Web Application Proxy servers in the DMZ')).toBe(0);
    expect(anchors('the connector and the Kerberos SPN')).toBe(0);
  });
});

describe('questions that are not problems', () => {
  it.each([
    'how much does app proxy cost?',
    'is application proxy being retired?',
    'how do I publish an on-prem app with application proxy?',
    'which licence do I need for app proxy?',
  ])('"%s" is not a problem', (text) => expect(notAProblem(text)).toBe(true));

  it.each([
    'how do I fix the connector? it shows inactive',
    'how do I see why the registration failed?',
    'how do I check the connector logs?',
    'app proxy returns 502',
  ])('"%s" is a problem', (text) => expect(notAProblem(text)).toBe(false));
});
