import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createScope } from '../../../src/engine/recognition/scope';
import { normalise } from '../../../src/engine/text';

const scope = createScope(loadKnowledge(defaultKnowledgeDir()));
const anchors = (text: string) => scope.anchors(normalise(text).text);
const notAProblem = (text: string) => scope.notAProblem(normalise(text).text);

describe('anchors', () => {
  it('counts the mentions of application proxy itself', () => {
    expect(anchors('app proxy connector, Entra application proxy and apps.msappproxy.net')).toEqual({
      count: 3,
      denied: 0,
      firstAt: 0,
    });
    // Where the first mention that isn't denied starts: a post may open on another product.
    expect(anchors('The hybrid agent, not app proxy, and next to it our app proxy connectors').firstAt).toBe(
      'the hybrid agent, not app proxy, and next to it our '.length,
    );
    expect(anchors("This corporate app can't be accessed").count).toBe(1);
  });

  it('does not take Web Application Proxy, or vocabulary alone, for application proxy', () => {
    expect(anchors('our Web Application Proxy servers in the DMZ').count).toBe(0);
    expect(anchors('the connector and the Kerberos SPN').count).toBe(0);
  });

  it.each([
    'No app proxy or any reverse proxy involved, it is straight to the server',
    'the site is not published through app proxy at all',
    "we don't use application proxy for this one",
  ])('hears "%s" deny application proxy', (text) =>
    expect(anchors(text)).toMatchObject({ count: 1, denied: 1 }),
  );

  it('takes an app that is not published at all as a denial too', () => {
    expect(
      anchors(
        'On-prem SharePoint, internal users only, this site is not published to the internet in any way',
      ),
    ).toMatchObject({
      count: 2,
      denied: 2,
    });
  });

  it.each([
    'windows integrated auth sso not working thru app proxy',
    'host name could not be found - app proxy with a custom domain',
    'it is not the connector, app proxy itself fails',
    'nothing published through app proxy opens externally anymore',
    'none of the apps behind app proxy load',
  ])('does not take the "not" of "%s" for a denial', (text) => expect(anchors(text).denied).toBe(0));
});

describe('other products', () => {
  it.each([
    'nginx gives 502 for the upstream',
    'Citrix Gateway KCD to StoreFront',
    'azcmagent connect fails behind our proxy',
    'RDP on the LAN fails: CredSSP encryption oracle remediation',
    'one Citrix Cloud connector in our resource location went unhealthy',
  ])('knows "%s" names another product', (text) =>
    expect(scope.namesOtherProduct(normalise(text).text)).toBe(true),
  );

  it('does not take a back end or a firewall in front of the connector for another product', () => {
    for (const text of [
      'Tomcat back end with SPNEGO behind app proxy',
      'our Palo Alto decrypts the connector traffic',
      'Zscaler proxy in front of the connector',
      'the connector goes out through an authenticating Squid proxy',
    ])
      expect(scope.namesOtherProduct(normalise(text).text)).toBe(false);
  });
});

describe('questions that are not problems', () => {
  it.each([
    'how much does app proxy cost?',
    'is application proxy being retired?',
    'how do I publish an on-prem app with application proxy?',
    'which licence do I need for app proxy?',
    // Whether something is supported or available, asked first, with the background after it.
    'Is the connector supported on Server 2025 yet? Our baseline team still wants every new box on it',
    'quick one: is app proxy available in sovereign clouds? we have been on commercial since 2019',
    'Our CAB wants to know how connector updates roll out before they approve it',
    'How many connectors do we actually need for 3,000 users?',
  ])('"%s" is not a problem', (text) => expect(notAProblem(text)).toBe(true));

  it('takes a message that says what it is (doc feedback, a feature request) as no problem', () => {
    expect(notAProblem('Doc feedback: the page should say the connector fails without TLS 1.2')).toBe(true);
    expect(notAProblem('Feature request: let us replace the error page')).toBe(true);
  });

  it('does not count trouble the message denies', () => {
    expect(
      notAProblem('we want to set up header-based SSO through app proxy, nothing is broken, just asking how'),
    ).toBe(true);
  });

  it.each([
    'how do I fix the connector? it shows inactive',
    'how do I see why the registration failed?',
    'how do I check the connector logs?',
    'app proxy returns 502',
    'is the connector supported on Server 2025? the install fails at the end',
    'users no longer get in since Monday',
  ])('"%s" is a problem', (text) => expect(notAProblem(text)).toBe(false));
});

describe('every app at once', () => {
  it.each([
    'app proxy is broken, no app works from outside',
    'none of our published apps work from outside since this morning',
    'all app proxy apps are down',
    'nothing published through app proxy opens',
  ])('"%s" is widespread', (text) => expect(scope.widespread(normalise(text).text)).toBe(true));

  it.each(['one app gives bad gateway', 'all apps work except the HR portal', 'the payroll app is down'])(
    '"%s" is not',
    (text) => expect(scope.widespread(normalise(text).text)).toBe(false),
  );
});
