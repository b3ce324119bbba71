import { createFollowUps } from '../../../src/engine/conversation/followUp';
import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';

const kb = loadKnowledge(defaultKnowledgeDir());
const followUps = createFollowUps(kb);
const causeOf = (topic: string, cause: string) => kb.topics.get(topic)!.causes.find((c) => c.id === cause)!;

describe('follow-up questions answered from the knowledge', () => {
  it.each([
    ['what does SPN mean?', 'spn'],
    ['what is kcd', 'kcd'],
    ['which ports exactly?', 'ports'],
    ['does E3 include it?', 'licences'],
    ['what does pre-authentication mean', 'pre-authentication'],
    ['what is a connector group', 'connector-group'],
    // The term right after the question word is the one asked about, over a longer one named later.
    ['which ports does the connector need', 'ports'],
    ['ok cool, and what does NTLM mean here', 'ntlm'],
    // "How do I check X?" asks about X, over the "how to check" steps of the fix on screen.
    ['how do I check clock skew?', 'clock-skew'],
    ['where are the connector logs?', 'event-viewer'],
    // Application proxy itself only when the question is about it, not whenever it is named.
    ['what is app proxy anyway?', 'app-proxy'],
    ['what does app proxy do with kerberos', 'kcd'],
    // What people ask while they look for an answer or work through a fix.
    ['where do i find that status code?', 'error-page-details'],
    ['what is the transaction id for?', 'error-page-details'],
    ['what is the windows authorization access group?', 'windows-authorization-access-group'],
    ['how do i set the machine proxy?', 'winhttp-proxy'],
    ['what does netsh winhttp do', 'winhttp-proxy'],
    ['where is the backend timeout setting?', 'backend-timeout'],
  ])('"%s" → %s', (text, term) => {
    expect(followUps.explain(text, true)?.term).toBe(term);
  });

  it('answers "is 443 enough or also 80?" with the ports, even where a fix step names them too', () => {
    const onScreen = causeOf('registration-no-endpoint', 'ports-blocked');
    expect(followUps.explain('is 443 enough or also 80?', true, onScreen)?.term).toBe('ports');
    expect(followUps.explain('do we need port 80 as well?', true, onScreen)?.term).toBe('ports');
  });

  it('"how can I check which identity the connector hands to the back end?" includes the step that reads the session log', () => {
    const onScreen = causeOf('kcd-sso-fails', 'delegated-identity-mismatch');
    const answer = followUps.explain(
      'how can I check which identity the connector actually hands to the backend? is there a log for that?',
      true,
      onScreen,
    );
    expect(answer?.text).toMatch(/How to check/);
    expect(answer?.text).toMatch(/24029/);
  });

  it('"how do I check if the SPN is duplicated?" shows the check steps that share its words, not just the first ones', () => {
    const onScreen = causeOf('kerberos-13022', 'backend-config-or-clock');
    expect(followUps.explain('how do I check if the SPN is duplicated?', true, onScreen)?.text).toMatch(
      /^How to check, from the fix above:\n\n3\. Make the SPN/,
    );
  });

  it('answers "PowerShell instead? it\'s 40 users" only while the assignment fix is on screen', () => {
    const onScreen = causeOf('not-assigned', 'user-not-assigned');
    expect(followUps.explain("can I do it in PowerShell instead? it's 40 users", true, onScreen)?.term).toBe(
      'assign-many',
    );
    expect(followUps.explain("it's 40 users", true)?.term).toBeUndefined();
  });

  it('takes "which connector version?" as a question about the version, not the connector', () => {
    const onScreen = causeOf('remote-desktop', 'rd-web-client-fqdn');
    expect(followUps.explain('which connector version do i need', true, onScreen)?.text).toMatch(
      /1\.5\.1975/,
    );
  });

  it('answers "where do I find the tenant ID?" with the term, not a step of the fix on screen', () => {
    const onScreen = causeOf('kerberos-13019', 'dc-spn-trust-or-clock');
    expect(followUps.explain('where do i find the tenant id', true, onScreen)?.term).toBe('tenant-id');
  });

  it('hears a cmdlet that is not recognised even when it is not asked as a question', () => {
    const text =
      "Register-MicrosoftEntraPrivateNetworkConnector : The term 'Register-MicrosoftEntraPrivateNetworkConnector' is not recognized as the name of a cmdlet";
    expect(followUps.explain(text, false)?.term).toBe('cmdlet-not-found');
  });

  it('finds the portal steps and the PowerShell of the fix on screen', () => {
    const onScreen = causeOf('not-assigned', 'user-not-assigned');
    expect(followUps.explain('where is that setting in the portal?', true, onScreen)?.text).toMatch(
      /Users and groups/,
    );
    const sso = causeOf('kcd-sso-fails', 'non-windows-backend');
    expect(followUps.explain('whats the registry value called exactly?', true, sso)?.text).toMatch(
      /UseSpnegoAuthentication/,
    );
  });

  it("answers from the step of the fix that shares the question's words", () => {
    const onScreen = causeOf('certificate-chain-validation', 'machine-proxy-missing');
    expect(followUps.explain("what's the exact command for that?", true, onScreen)?.text).toMatch(/netsh/i);
    // At a question, before any fix: the step of a cause still in play.
    const inPlay = kb.topics.get('status-gateway-timeout')!.causes;
    const answer = followUps.explain(
      'where in the admin center do I change the timeout?',
      true,
      undefined,
      inPlay,
    );
    expect(answer?.text).toMatch(/Backend Application Timeout/i);
    expect(answer?.text).toMatch(/^That's part of the fix for one of the likely causes/);
    // Words no step has are no answer.
    expect(followUps.explain('is the canteen open on friday?', true, undefined, inPlay)).toBeUndefined();
  });

  it('answers a question that only names a term from the fix, not with the term', () => {
    const onScreen = causeOf('kcd-sso-fails', 'delegated-identity-mismatch');
    const answer = followUps.explain(
      'is there a log that shows which identity the connector really passes to the back end?',
      true,
      onScreen,
    );
    expect(answer?.term).toBeUndefined();
    expect(answer?.text).toMatch(/24029/);
    // Asked what it is, the term is the answer.
    expect(followUps.explain('what is the connector?', true, onScreen)?.term).toBe('connector');
  });

  it('says nothing it does not know', () => {
    expect(followUps.explain('what is the weather like', true)).toBeUndefined();
  });
});

describe('why the fix on screen', () => {
  const onScreen = causeOf('kcd-sso-fails', 'http2-enabled');
  it.each([
    'why would that matter?',
    'what is http2 got to do with it?',
    'what does http/2 have to do with kerberos',
    'how is that even related?',
  ])('"%s" gets the likely cause', (text) => {
    expect(followUps.explain(text, true, onScreen)?.text).toMatch(
      /^The likely cause: The connector runs on Windows Server 2019/,
    );
  });
});
