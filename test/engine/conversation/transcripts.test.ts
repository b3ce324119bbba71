import { createConversation } from '../../../src/engine/conversation/core';
import { messages } from '../../../src/engine/conversation/messages';
import type { Reply } from '../../../src/engine/conversation/reply';
import type { CaseState, Input } from '../../../src/engine/conversation/state';
import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createRecogniser } from '../../../src/engine/recogniser';

// The ten ways the first conversation broke when people talked to it (issue 13), each as a
// transcript of the core: what the user types, and what the bot's turn must (not) do.

const kb = loadKnowledge(defaultKnowledgeDir());
const core = createConversation(kb, createRecogniser(kb));

interface Expect {
  kind?: Reply['kind'];
  fix?: string;
  topic?: string;
  noFix?: string;
  says?: string | RegExp;
  notSays?: string | RegExp;
  neighbour?: string;
  asks?: string;
  notAsks?: string;
}
type Turn = readonly [user: string | { click: number }, expect: Expect];

const textOf = (reply: Reply) =>
  [...reply.lead, reply.question?.text ?? '', ...(reply.question?.choices ?? []).map((c) => c.label)].join(
    '\n',
  );

function play(turns: readonly Turn[]): void {
  let state: CaseState | undefined;
  turns.forEach(([user, expect], i) => {
    const input: Input =
      typeof user === 'string' ? { kind: 'text', text: user } : { kind: 'choice', index: user.click };
    const outcome = core.next(state, input);
    state = outcome.state;
    const { reply } = outcome;
    const at = `turn ${i + 1} (${typeof user === 'string' ? user.slice(0, 50) : `click ${user.click}`})`;
    const text = textOf(reply);
    const shown = reply.fix?.cause;
    if (expect.kind && expect.kind !== reply.kind)
      fail(`${at}: expected a ${expect.kind} reply, got ${reply.kind}: ${text}`);
    if (expect.fix && expect.fix !== shown)
      fail(`${at}: expected the fix for ${expect.fix}, got ${shown ?? 'none'}: ${text}`);
    if (expect.topic && reply.fix?.topic !== expect.topic)
      fail(`${at}: expected a fix of ${expect.topic}, got ${reply.fix?.topic ?? 'none'}`);
    if (expect.noFix && shown === expect.noFix) fail(`${at}: showed the fix for ${expect.noFix}`);
    if (expect.neighbour && expect.neighbour !== reply.about?.neighbour)
      fail(`${at}: expected ${expect.neighbour}: ${text}`);
    if (expect.says && !matches(text, expect.says))
      fail(`${at}: expected "${String(expect.says)}" in: ${text}`);
    if (expect.notSays && matches(text, expect.notSays))
      fail(`${at}: did not expect "${String(expect.notSays)}" in: ${text}`);
    if (expect.asks && reply.question?.text !== expect.asks)
      fail(`${at}: expected the question "${expect.asks}", got: ${text}`);
    if (expect.notAsks && reply.question?.text === expect.notAsks)
      fail(`${at}: asked "${expect.notAsks}" again`);
  });
}
const matches = (text: string, m: string | RegExp) =>
  typeof m === 'string' ? text.includes(m) : m.test(text);
const fail = (message: string): never => {
  throw new Error(message);
};

const question = (topic: string, node: string) => {
  const n = kb.topics.get(topic)!.tree.nodes[node]!;
  if (n.type === 'fix') throw new Error(`${topic}/${node} is not a question`);
  return n.text;
};
const ASSIGN_PAGE =
  "This corporate app can't be accessed. You are not authorized to access this application. Authorization failed. Make sure to assign the user with access to this application.";
const REGISTRATION =
  "Connector registration failed: Make sure you enabled Application Proxy ... Error: 'One or more errors occurred.'";
const CONFIG = 'Connector failed to download the configuration';

describe('1. "not" is not read as yes', () => {
  it('"he is not a guest, he\'s a regular employee" is no guest', () =>
    play([
      [
        `${ASSIGN_PAGE} He is not a guest, he's a regular employee.`,
        { fix: 'user-not-assigned', notSays: /likely cause is.*guest/i },
      ],
    ]));

  it('"we are not behind a proxy" gets no proxy fix', () =>
    play([
      [`${CONFIG}. We are not behind a proxy.`, { noFix: 'outbound-proxy', fix: 'certificate-expired' }],
    ]));

  it('"internal user, not external" at the question picks internal', () =>
    play([
      [ASSIGN_PAGE, { asks: question('not-assigned', 'personal-or-guest') }],
      ['internal user, not external', { fix: 'user-not-assigned' }],
    ]));
});

describe('2. replies that are not answers are not taken as answers', () => {
  it('"ok, trying that now" waits; the case stays open', () =>
    play([
      ['AADSTS50059', { fix: 'account-outside-tenant' }],
      ['ok, trying that now', { kind: 'wait' }],
      ['worked, registered fine with the work account', { kind: 'fixed' }],
    ]));

  it('"sort of, works for some users" is not "fixed"', () =>
    play([
      [ASSIGN_PAGE, {}],
      ['no, work account', { fix: 'user-not-assigned' }],
      ['sort of, works for some users', { notSays: messages.fixed, says: messages.whatIsLeft }],
      ['the ones still failing sign in with their hotmail accounts', { fix: 'personal-or-guest-account' }],
    ]));

  it('"yes it\'s running" after a service fix asks whether the app works', () =>
    play([
      ['connector shows inactive', { asks: question('connector-inactive', 'service') }],
      ['stopped', { fix: 'service-not-running' }],
      ["yes it's running", { kind: 'question', says: messages.confirmFixed }],
    ]));

  it('"that one\'s gone, the 13019 is still there" goes on with 13019', () =>
    play([
      ['Event 13016', { fix: 'sts-upn-claim' }],
      ["that one's gone, the 13019 is still there", { fix: 'dc-spn-trust-or-clock' }],
    ]));

  it('"no, still broken" after a close picks the case up again', () =>
    play([
      [`${CONFIG}. We go through a proxy.`, { fix: 'outbound-proxy' }],
      ['that worked', { kind: 'fixed' }],
      [
        'no, still broken, same error again this morning',
        { fix: 'certificate-expired', says: messages.reopened },
      ],
    ]));

  it('"ok" at a question picks no option', () =>
    play([
      [REGISTRATION, { asks: question('registration-one-or-more-errors', 'closed-by-itself') }],
      [
        'ok',
        { asks: question('registration-one-or-more-errors', 'closed-by-itself'), noFix: 'network-blocked' },
      ],
    ]));

  it('"activated it and registration went through, thanks!" closes without posting the fix again', () =>
    play([
      [
        "Connector registration failed: 'AADSTS50001: Resource https://proxy.cloudwebappproxy.net/registerapp is disabled.'",
        { fix: 'app-proxy-disabled' },
      ],
      ['activated it and registration went through, thanks!', { kind: 'fixed' }],
    ]));

  it('"never mind, it\'s fine now" at a question closes the case instead of asking again', () =>
    play([
      ['our intranet looks broken through app proxy. text shows but the layout is all over the place', {}],
      ["ah never mind, it's fine now", { kind: 'fixed' }],
    ]));

  it('"it loads fine on the connector" at a question is a test\'s result, not the case closing', () =>
    play([
      ['users get this corporate app cant be accessed, bad gateway', { kind: 'question' }],
      ['it loads fine on the connector', { kind: 'question', notSays: "glad it's working again" }],
    ]));

  it('the result said without "works" closes the case after a fix', () =>
    play([
      [
        'Event ID 13020 on the connector: the backend server SPN is not defined',
        { fix: 'dc-spn-trust-or-clock' },
      ],
      [
        'ahh, the SPN was on the wrong account. fixed that, pages open without a second login now',
        { kind: 'fixed' },
      ],
    ]));

  it('"not yet, still waiting on the firewall team" after a fix waits: nothing was tried, nothing failed', () =>
    play([
      ['our connector shows inactive in the portal since yesterday', { kind: 'question' }],
      ["it's running", {}],
      ['not yet, still waiting on the firewall team', { kind: 'wait' }],
    ]));
});

describe('3. follow-up questions are answered, then the question again', () => {
  it.each([
    ['Event 13020', 'dc-spn-trust-or-clock', 'what does SPN mean?', /service principal name/i],
    ['Event 13020', 'dc-spn-trust-or-clock', 'what is KCD?', /constrained delegation/i],
    [
      REGISTRATION + ' the sign-in window closed by itself straight away',
      'network-blocked',
      'which ports exactly?',
      /443/,
    ],
    [
      'Authorization failed. Make sure that the user has a license for Microsoft Entra ID P1 or P2',
      'missing-license',
      'does E3 include it?',
      /E3/,
    ],
    [
      'Event 1000 Connector re-registration failed: The Connector trust certificate expired.',
      'certificate-expired',
      "the term 'Register-MicrosoftEntraPrivateNetworkConnector' is not recognized as the name of a cmdlet",
      /module/i,
    ],
  ])('%s → "%s"', (first, cause, follow, answer) =>
    play([
      [first, { fix: cause }],
      [follow, { kind: 'explain', says: answer, asks: messages.didItWork }],
    ]),
  );

  it('answers from the fix on screen: where in the portal, and PowerShell for 40 users', () =>
    play([
      [ASSIGN_PAGE, {}],
      ["they're regular employees, internal", { fix: 'user-not-assigned' }],
      ['where is that setting in the portal?', { kind: 'explain', says: 'Users and groups' }],
      ["can I do it in PowerShell instead? it's 40 users", { kind: 'explain', says: /group/i }],
    ]));
});

describe('4. after "still broken", evidence decides', () => {
  it('skips the causes the user ruled out', () =>
    play([
      [CONFIG, { asks: question('config-download-failed', 'behind-proxy') }],
      ['not behind a proxy afaik', { fix: 'certificate-expired' }],
      [
        're-registered, still failing. turns out security put a zscaler proxy in the path that wants authentication',
        { fix: 'outbound-proxy' },
      ],
    ]));

  it("offers no connector checks after a licence fix, and sums up with the user's words", () =>
    play([
      [
        'Authorization failed. Make sure that the user has a license for Microsoft Entra ID P1 or P2',
        { fix: 'missing-license' },
      ],
      [
        'assigned her P1 an hour ago, still the same licence message',
        { kind: 'summary', noFix: 'service-not-running', says: 'assigned her P1 an hour ago' },
      ],
    ]));

  it('offers no "is the service running?" after a Kerberos event, which proves it runs', () =>
    play([
      ['Event 13020', { fix: 'dc-spn-trust-or-clock' }],
      ['no, still the same', { fix: 'find-error-in-logs', noFix: 'service-not-running' }],
    ]));
});

describe('5. corrections of the product are heard', () => {
  it('"it\'s WAP, not the Entra connector"', () =>
    play([
      [ASSIGN_PAGE, {}],
      [
        "it's WAP, not the Entra connector. the 2019 web application proxy servers in front of adfs",
        { neighbour: 'web-application-proxy' },
      ],
    ]));

  it('"this is the PTA agent, not app proxy"', () =>
    play([
      [REGISTRATION, {}],
      [
        'sorry, this is the pass-through authentication agent, not app proxy',
        { neighbour: 'entra-connect-agents' },
      ],
    ]));

  it('"aren\'t they the same thing?" after a neighbour is about that neighbour, not a topic menu', () =>
    play([
      [
        "The Azure AD connector in Synchronization Service Manager shows 'stopped-server-down' on the Export run",
        { neighbour: 'entra-connect-agents' },
      ],
      [
        "But both are called 'connector', aren't they the same thing? They run on the same server here.",
        { kind: 'neighbour', neighbour: 'entra-connect-agents', says: 'separate product' },
      ],
      ['what is the difference?', { neighbour: 'entra-connect-agents' }],
      ['ok. separately, users get Status Code: Bad Gateway on the HR app', { says: 'BadGateway (502)' }],
    ]));

  it('an error of ours after a neighbour is troubleshot, even asked as a question', () =>
    play([
      [
        'Hybrid Configuration Wizard: the Exchange Hybrid Agent install fails',
        { neighbour: 'exchange-hybrid-agent' },
      ],
      ['is it the same as event 13020 on our connector?', { topic: 'kerberos-13020' }],
    ]));
});

describe('6. what was said is not asked again or contradicted', () => {
  it('"we go through a zscaler proxy" is not asked "are you behind a proxy?"', () =>
    play([
      [
        `${CONFIG}. We go through a zscaler proxy.`,
        { fix: 'outbound-proxy', notAsks: question('config-download-failed', 'behind-proxy') },
      ],
    ]));

  it('"she is assigned" is not told to assign her, and is not answered for', () =>
    play([
      [
        `${ASSIGN_PAGE} She is assigned to the app directly.`,
        { noFix: 'user-not-assigned', asks: question('not-assigned', 'personal-or-guest') },
      ],
      // Both documented causes ruled out: the one the error points to, said as such.
      ['no, she has a normal work account', { fix: 'user-not-assigned', says: messages.onlyCauseLeft }],
    ]));

  it('two errors in one message: one first, saying why, then the other', () =>
    play([
      [
        "install hit two errors: first 'Failed to retrieve the current execution policy for running PowerShell scripts.' and then Error: 'AADSTS50059: No tenant-identifying information found in either the request or implied by any provided credentials'",
        { fix: 'script-execution-disabled', says: 'two problems' },
      ],
      [
        'gpo fixed, that one is sorted',
        { kind: 'fixed', fix: 'account-outside-tenant', says: messages.fixedThenOther },
      ],
    ]));
});

describe('7. own words and menu words are understood', () => {
  it('"the login window opens and closes very fast"', () =>
    play([
      [REGISTRATION, {}],
      ['the login window opens and closes very fast', { fix: 'network-blocked' }],
    ]));

  it('"sorry, misread it: it says gateway time-out" at a Bad Gateway question is a correction', () =>
    play([
      ['Status Code: Bad Gateway on the wiki', { asks: question('status-bad-gateway', 'from-connector') }],
      [
        'sorry, misread it. it says gateway time-out, and the connector group for that app is empty',
        { fix: 'no-active-connector', topic: 'status-gateway-timeout' },
      ],
    ]));

  it('"the 401 one, it\'s in the event log" at the Kerberos menu picks Event 13022 by its number', () =>
    play([
      ['hi, app proxy problem', { asks: messages.menuQuestion }],
      ['kerberos', { kind: 'question' }],
      ["the 401 one, it's in the event log", { topic: 'kerberos-13022' }],
    ]));

  it('"the guy isn\'t added to the app at all" answers "is this user listed?" with no', () =>
    play([
      [
        'Status Code: Forbidden for one user on the claims portal',
        { asks: question('status-forbidden', 'assigned') },
      ],
      ["the guy isn't added to the app in entra at all, i guess that's it", { fix: 'user-not-assigned' }],
    ]));

  it('"I clicked X on the login popup"', () =>
    play([
      [REGISTRATION, {}],
      ['I clicked X on the login popup', { fix: 'sign-in-window-closed' }],
    ]));

  it('"kerberos" at the menu', () =>
    play([
      ['help', { asks: messages.menuQuestion }],
      ['kerberos', { asks: messages.menuTopicQuestion('Kerberos single sign-on') }],
    ]));

  it('"the one about too many attempts" at "which of these?"', () =>
    play([
      ['kerberos sso problem, i see a 13022 or maybe 12008 in the log', { asks: messages.whichTopic }],
      ['the one about too many attempts', { fix: 'backend-config-or-clock', topic: 'kerberos-12008' }],
    ]));

  it('"back" returns to the previous question', () =>
    play([
      [
        "This corporate app can't be accessed. Status Code: Bad Gateway",
        { asks: question('status-bad-gateway', 'from-connector') },
      ],
      [{ click: 0 }, { kind: 'question', notAsks: question('status-bad-gateway', 'from-connector') }],
      ['back', { asks: question('status-bad-gateway', 'from-connector'), says: messages.back }],
    ]));

  it('an answer typed with typos ("the sign in windw closd by itsef") is read as meant', () =>
    play([
      [
        "Connector registration failed: Make sure you enabled Application Proxy in the Azure Management Portal and that you entered your Active Directory user name and password correctly. Error: 'One or more errors occurred.'",
        { kind: 'question' },
      ],
      ['the sign in windw closd by itsef straigt away', { fix: 'network-blocked' }],
    ]));
});

describe('7b. descriptions given where a pick was asked for', () => {
  it('at the area menu, "its service is stopped" is the general checks\' stopped service', () =>
    play([
      ['app proxy connector APP03 not working since the reboot', { asks: messages.menuQuestion }],
      [
        'its service is stopped, the System log says it terminated unexpectedly',
        { fix: 'service-not-running' },
      ],
    ]));

  it('at the area menu, an error described in words is placed like a first message', () =>
    play([
      ['app proxy connector APP03 not working since the reboot', { asks: messages.menuQuestion }],
      ['users get bad gateway on the HR app', { asks: question('status-bad-gateway', 'from-connector') }],
    ]));

  it('at "which of these?", a cause several candidates share picks the first of them', () =>
    play([
      ['connector issue after patching', { kind: 'question' }],
      [
        'its service is stopped, the System log says it terminated unexpectedly',
        { fix: 'service-not-running' },
      ],
    ]));

  it('at "which of these?", an error none of the choices is ("it says gateway timeout") is taken up', () =>
    play([
      [
        "hey, our remote users can't get into the intranet since this morning, they see some microsoft error page",
        { kind: 'question' },
      ],
      [
        'it says something about gateway timeout at the bottom',
        { asks: question('status-gateway-timeout', 'active'), says: 'GatewayTimeout (504)' },
      ],
    ]));

  it('a question about application proxy after a neighbour was named is troubleshot, not the neighbour again', () =>
    play([
      [
        "Microsoft Azure AD Connect Authentication Agent service won't start on DC02",
        { neighbour: 'entra-connect-agents' },
      ],
      [
        'Got it. Separate question: can I put the app proxy connector on the same server?',
        { kind: 'question', notSays: 'separate product' },
      ],
    ]));

  it('"the can\'t be accessed page, bad gateway at the bottom" at "which of these?" goes on to Bad Gateway', () =>
    play([
      [
        "hey, one of our remote staff can't open the expenses app from home, works fine in the office",
        { kind: 'question' },
      ],
      [
        'she gets a page saying corporate app cant be accessed, something about bad gateway at the bottom',
        { asks: question('status-bad-gateway', 'from-connector') },
      ],
    ]));
});

describe('8. short answers', () => {
  it('names the topic and the likely cause once, with the fix', () => {
    const { reply } = core.next(undefined, { kind: 'text', text: 'AADSTS50059' });
    expect(reply.fix?.cause).toBe('account-outside-tenant');
    // The fix itself shows the title and the cause; no lead repeats them.
    expect(reply.lead).toEqual([]);
  });

  it('"help" shows the menu, not the introduction', () =>
    play([['help', { asks: messages.menuQuestion, notSays: 'I troubleshoot' }]]));

  it("an end user who doesn't know what a connector is gets what to tell IT, not PowerShell", () =>
    play([
      [`${ASSIGN_PAGE}`, {}],
      [
        "I don't know what a connector is, I just want to open the app",
        { kind: 'hand-off', says: 'Hello IT', notSays: 'Connect-MgGraph' },
      ],
    ]));

  it('"all steps" unfolds the rest of the fix', () =>
    play([
      ['Event 13019', { fix: 'dc-spn-trust-or-clock' }],
      ['all steps', { kind: 'explain', says: '4. ' }],
    ]));
});

describe('messages that only sound like ours are asked about, not turned away', () => {
  it('"bad gateway on our published outlook web app" is troubleshot as ours', () =>
    play([
      [
        'getting bad gateway on our published outlook web app',
        { kind: 'question', asks: question('status-bad-gateway', 'from-connector') },
      ],
    ]));

  it('"bad gateway on our outlook web app" asks whether it is app proxy', () =>
    play([
      [
        'getting bad gateway on our outlook web app from home',
        { kind: 'question', says: 'Is this an app published through Microsoft Entra application proxy' },
      ],
      [{ click: 0 }, { asks: question('status-bad-gateway', 'from-connector') }],
    ]));

  it('"app proxy problem" and nothing more gets the menu', () =>
    play([['hi, app proxy problem', { asks: messages.menuQuestion, says: messages.tellMeMore }]]));

  it('another product named is still out of scope', () =>
    play([['502 bad gateway from nginx in front of our app', { kind: 'out-of-scope' }]]));

  it('a first message that reads like news ("gone", "all good") is a problem told, not thanks', () => {
    play([['screen sharing gone in teams after update', { kind: 'out-of-scope' }]]);
    play([['teams share screen greyed out, other features all good', { kind: 'out-of-scope' }]]);
  });

  it('"ok thanks, I\'ll ask the desk" after an out-of-scope answer is still thanks', () =>
    play([
      ['BitLocker recovery key prompt on my laptop', { kind: 'out-of-scope' }],
      ["ok thanks, I'll ask the desk", { kind: 'thanks' }],
    ]));
});

describe('9. cancel, stop and start over with nothing in progress', () => {
  it.each(['cancel', 'stop', 'start over'])('"%s" on the first message', (word) =>
    play([[word, { notSays: messages.busy }]]),
  );

  it('"cancel" after a fix worked', () =>
    play([
      ['AADSTS50059', {}],
      ['yes', { kind: 'fixed' }],
      ['cancel', { kind: 'cancelled', says: messages.nothingToCancel }],
    ]));
});

describe('a problem raised in the same breath as the news that the last one is fixed', () => {
  it('closes the first and takes up the second when it can be placed', () =>
    play([
      ['users get Status Code: Gateway Timeout on the reports site', {}],
      [
        'raised the backend timeout to Long and the reports site loads now. And now AADSTS50059 on the connector registration?',
        { kind: 'fixed', topic: 'registration-no-tenant' },
      ],
    ]));

  it('closes the first and asks about a second it cannot place, quoting it', () =>
    play([
      ['users get Status Code: Gateway Timeout on the reports site', {}],
      [
        'raised the backend timeout to Long and the reports site loads now. Now the logo on the other site?',
        { kind: 'fixed', says: /You also asked about "the logo on the other site"/ },
      ],
    ]));

  it('does not close the case on a follow-up question that only starts with "and"', () =>
    play([
      ['Event 13019 on the connector for the HR app', {}],
      ['and where exactly do I set the delegation?', { notSays: messages.fixed }],
    ]));
});

describe('two problems, with the one to start with said', () => {
  it('"start with the 13019" takes the 13019 first, as asked', () =>
    play([
      [
        'two events on the connector: 13022 (the back end answers 401) and 13019. start with the 13019 please',
        { fix: 'dc-spn-trust-or-clock', topic: 'kerberos-13019', says: 'as you asked' },
      ],
    ]));

  it('without a wish, the pasted order stands', () =>
    play([
      [
        'two events on the connector: 13022 (the back end answers 401) and 13019',
        { topic: 'kerberos-13022', says: 'in the order you pasted them' },
      ],
    ]));

  it('the pasted order counts a paste of an error text from its middle', () =>
    play([
      [
        "some users get the 'license for Microsoft Entra ID P1 or P2' page and others get Status Code: Gateway Timeout",
        { fix: 'missing-license', says: 'in the order you pasted them' },
      ],
    ]));
});

describe('news on each of two problems in one reply', () => {
  const TWO =
    'users get Status Code: Gateway Timeout, and a few get the license for Microsoft Entra ID P1 or P2 page';

  it('"the licence one is sorted, the timeout ones remain" at a question keeps the question, drops the other', () =>
    play([
      [TWO, { kind: 'question', says: 'GatewayTimeout (504)' }],
      [
        'the licence one is sorted, assigned P1 to them. the timeout ones remain',
        {
          kind: 'question',
          says: "that one's sorted. Back to",
          asks: question('status-gateway-timeout', 'active'),
        },
      ],
    ]));

  it('after a fix, "the timeout is gone but the licence page is still there" is news on the licence one', () =>
    play([
      [
        "some users get the 'license for Microsoft Entra ID P1 or P2' page and others get Status Code: Gateway Timeout",
        { fix: 'missing-license' },
      ],
      [
        'the gateway timeout is gone, but the licence page is still there for two users',
        { kind: 'summary', notSays: 'Now the other one you pasted' },
      ],
    ]));
});

describe('answers in own words that carry the deciding fact', () => {
  it('a check output after a fix that shows another cause of the same topic stays on that topic', () =>
    play([
      ['Connector CONN-EU-01 shows Inactive in the admin center', { kind: 'question' }],
      ['Stopped  WAPCSvc  Microsoft Entra private network connector', { fix: 'service-not-running' }],
      [
        'started it, it stays running, but the portal still says Inactive. Test-NetConnection to our msappproxy.net host on 443 gives TcpTestSucceeded : False',
        { fix: 'outbound-ports-blocked', topic: 'connector-inactive' },
      ],
    ]));

  it('"the css and images 404, links seem fine" at "which of these?" picks the broken page and its missing parts', () =>
    play([
      ['our intranet looks broken through app proxy, the layout is all over the place', { kind: 'question' }],
      [
        'the css, js and images come back 404, they sit under /static/ not under the folder we published. links inside the text seem fine',
        { fix: 'path-not-published' },
      ],
    ]));

  it('"the app keeps its own role list and she is not in it" is the on-premises side', () =>
    play([
      ['Status Code: Forbidden for one user on the purchasing app', { kind: 'question' }],
      [
        "she's assigned directly and everyone else works. the app keeps its own role list on the server side and she isn't in it yet",
        { fix: 'user-not-defined-on-prem' },
      ],
    ]));

  it('"they moved it to https on port 8443, the internal URL is still the old one" is a wrong internal URL', () =>
    play([
      ['Status Code: Bad Gateway on our HR portal since yesterday', { kind: 'question' }],
      [
        'the dev team moved the portal to https on port 8443 in a release. the internal url in app proxy is still http://hrportal01:8080/',
        { fix: 'internal-url-wrong' },
      ],
    ]));
});

describe('a status that answers the question is not a fix', () => {
  it('"both connectors show active and the back-end CPU is at 100%" answers "is one Active?" and says slow', () =>
    play([
      ['Status Code: Gateway Timeout on the reporting app', { kind: 'question' }],
      ['both connectors show active and the backend server CPU is at 100% all day', { fix: 'backend-slow' }],
    ]));

  it('"restarted it, the connector shows active and the app loads again" still closes the case', () =>
    play([
      ['Status Code: Gateway Timeout on the reporting app', { kind: 'question' }],
      ['restarted the connector service, it shows active and the app loads again', { kind: 'fixed' }],
    ]));

  it('"the service was stopped, started it and now it shows active" is a fix the user made', () =>
    play([
      ['our connector shows inactive in the portal since yesterday', { kind: 'question' }],
      ['the service was stopped, started it and now it shows active', { kind: 'fixed' }],
    ]));

  it('"firewall was blocking it, opened it and it\'s active again" closes the case too', () =>
    play([
      ['our connector shows inactive in the portal since yesterday', { kind: 'question' }],
      ['found it, firewall was blocking outbound, opened it and its active again', { kind: 'fixed' }],
    ]));

  it('"turned out the service was stopped. started it, all good now" closes the case', () =>
    play([
      ['our connector shows inactive in the portal since yesterday', { kind: 'question' }],
      ['turned out the service was stopped. started it, all good now', { kind: 'fixed' }],
    ]));

  it('"both connectors show active again", with nothing done, is still an answer', () =>
    play([
      ['our connector shows inactive in the portal since yesterday', { kind: 'question' }],
      ['both connectors show active again', { notSays: /glad it's working/i }],
    ]));

  it('solved before the topic was even confirmed: the case is closed, not "which one?"', () =>
    play([
      [
        'users get gateway timeout on the big monthly report, the other pages are fine. the report takes about 2 minutes on the lan',
        { kind: 'question' },
      ],
      ['changed it to long and the report comes through now, thanks', { kind: 'fixed' }],
    ]));

  it('"re-exported it with the key, site comes up now" at a question still closes the case', () =>
    play([
      [
        'A server with the specified host name could not be found. It is our custom domain portal.contoso.com',
        {},
      ],
      [
        'ah, the pfx we uploaded had no private key. re-exported it with the key, site comes up now',
        { kind: 'fixed' },
      ],
    ]));

  it('"the export button runs for 2-3 minutes on the server" is a slow back end', () =>
    play([
      ['Status Code: Gateway Timeout on the warehouse reporting site', { kind: 'question' }],
      [
        "connector's Active, other apps in the same connector group are fine. This one is a report generator, the export button runs for 2–3 minutes on the server before the file comes back.",
        { fix: 'backend-slow' },
      ],
    ]));

  it('"the root gives 403, only /portal works" is the root that is not published', () =>
    play([
      ['Status Code: Bad Gateway on our HR portal', { kind: 'question' }],
      [
        'works on the connector server, but the root https://hr.contoso.local/ gives 403, only /portal works',
        { fix: 'root-not-published' },
      ],
    ]));
});

describe('a question of their own at a question', () => {
  it('"how do I restart the connector service?" is answered, not read as an answer', () =>
    play([
      ['the connector shows inactive', { kind: 'question' }],
      ['how do I restart the connector service?', { kind: 'explain', says: 'Restart-Service' }],
    ]));
});

describe('facts told alongside an answer', () => {
  it('"... opens fine on the connector server, there\'s no sso on it either" skips the SSO question', () =>
    play([
      ['Bad Gateway when opening the wiki through app proxy', { kind: 'question' }],
      [
        "the internal url is right, i copy pasted it and it opens fine in a browser on the connector server. there's no sso on it either",
        { fix: 'root-not-published', says: 'no SSO in use' },
      ],
    ]));

  it('"it\'s azure application gateway in front of an app service" at "is this application proxy?" names that product', () =>
    play([
      ['getting 502 bad gateway on our customer portal', { kind: 'question' }],
      [
        "it's azure application gateway in front of an app service, backend health shows unhealthy",
        { neighbour: 'application-gateway' },
      ],
    ]));
});

describe('facts after a fix that fit it', () => {
  it('"the network team changed the firewall rules" is the cause on screen, not a fix the user tried', () =>
    play([
      [
        'one of our 3 connectors shows Inactive in the entra admin center since yesterday',
        { kind: 'question' },
      ],
      [
        'no, the service is running fine, checked services.msc, both the connector and the updater are Running',
        { fix: 'outbound-ports-blocked' },
      ],
      [
        'the other two in the group are active. that server is in the DMZ subnet where the network team changed the firewall rules yesterday',
        { says: 'That fits the cause above', notSays: 'since then' },
      ],
    ]));

  it('"we opened 443 on the firewall" is a deed of theirs: did it help?', () =>
    play([
      [
        'one of our 3 connectors shows Inactive in the entra admin center since yesterday',
        { kind: 'question' },
      ],
      ['no, the service is running fine, both services are Running', { fix: 'outbound-ports-blocked' }],
      ['we changed the firewall rules for the DMZ', { says: 'since then' }],
    ]));
});

describe('new connectors and Kerberos', () => {
  it('"after we replaced our connectors with new Server 2022 machines" asks first: new accounts need delegation too', () =>
    play([
      [
        'Kerberos SSO stopped working after we replaced our connectors with new Server 2022 machines',
        { kind: 'question' },
      ],
      ['windows iis. sso worked perfectly before the change', { kind: 'question' }],
    ]));
});

describe('the product corrected at a question', () => {
  it.each([
    'this is about the PTA agent on our DC',
    'the problem is with the PTA agent, the connector is fine',
  ])('"%s" names the other product', (correction) =>
    play([
      ['our agent shows inactive in the entra portal since yesterday', { kind: 'question' }],
      [correction, { neighbour: 'entra-connect-agents' }],
    ]),
  );
});

describe('an end user about another product', () => {
  it('"I\'m just a normal user, what should I tell our IT?" after a neighbour gets a note for IT naming it', () =>
    play([
      [
        "the Global Secure Access client icon in my tray says disconnected and I can't reach the intranet",
        { neighbour: 'private-access-client' },
      ],
      [
        "I'm just a normal user, what should I tell our IT?",
        { kind: 'hand-off', says: /Hello IT,\nI have this problem: the Global Secure Access client icon/ },
      ],
    ]));
});

describe('what application proxy is', () => {
  it('"what is app proxy anyway?" after an out-of-scope answer is explained', () =>
    play([
      ['Teams keeps crashing on my laptop when I share my screen', { kind: 'out-of-scope' }],
      ['what is app proxy anyway?', { kind: 'explain', says: 'private network connector' }],
    ]));
});

describe('a status code corrected mid-case', () => {
  it.each([
    ["actually I checked the screenshot again, it's BadGateway", 'status-bad-gateway'],
    ['correction: it says Bad Gateway, not timeout', 'status-bad-gateway'],
    ['wait, I was wrong, the page says Forbidden', 'status-forbidden'],
  ])('"%s" starts %s over', (correction, topic) =>
    play([
      ['users get Status Code: Gateway Timeout on the expenses app', { kind: 'question' }],
      [correction, { kind: 'question', says: kb.topics.get(topic)!.title }],
    ]),
  );

  it('a status seen while testing from inside ("it\'s a 403 on the connector server") is an answer, not a correction', () =>
    play([
      ['Status Code: Bad Gateway on our HR portal', { kind: 'question' }],
      [
        "it's a 403 on the connector server when I open the internal URL",
        { notSays: /Status Code Forbidden/ },
      ],
    ]));

  it('a status denied ("no forbidden or anything") is no correction', () =>
    play([
      ['Status Code: Bad Gateway on our HR portal', { kind: 'question' }],
      ["it's loading fine on the connector, no forbidden or anything", { notSays: 'Forbidden' }],
    ]));
});

describe('asking for a person', () => {
  it('mid-case, "can I get a human" gives the case so far to pass on, without empty sections', () =>
    play([
      ['Status Code: Forbidden for one user', { kind: 'question' }],
      [
        'none of that helped, can i get a human',
        { kind: 'summary', says: "can't hand you to a person", notSays: /Fixes tried, none|Hello IT/ },
      ],
    ]));

  it('"time to raise a ticket with MS support" gives the case for that request', () =>
    play([
      ['Status Code: Forbidden for one user', { kind: 'question' }],
      [
        'still broken. time to raise a ticket with MS support I guess',
        { kind: 'summary', says: 'For a Microsoft support request', notSays: "can't hand you to a person" },
      ],
    ]));

  it('with no case yet, asks what goes wrong first', () =>
    play([['can i talk to a person please', { kind: 'summary', says: 'Tell me what goes wrong' }]]));
});

describe('a second problem told in words next to a pasted error', () => {
  const TOLD =
    "Connector 1 (APP01) shows Inactive and its service is stopped since patching. Connector 2 (APP02, brand new) won't install: 'Failed to retrieve the current execution policy for running PowerShell scripts'.";

  it('takes both, in the order told, and "now APP02, the execution policy one?" moves on to the second', () =>
    play([
      [TOLD, { fix: 'service-not-running', says: 'two problems' }],
      [
        'APP01 is fine again after starting the service. Now APP02, the execution policy one?',
        { fix: 'script-execution-disabled', topic: 'execution-policy' },
      ],
    ]));

  it('"I\'ll use a work account then. What does my colleague need?" takes up the other one meanwhile', () =>
    play([
      [
        "Two of us tried to register connectors today. I signed in with my personal outlook.com account and got AADSTS50059 No tenant-identifying information found. My colleague got 'The registration request was denied.', he's only a User Administrator.",
        { fix: 'account-outside-tenant' },
      ],
      [
        "ok I'll use a work account then. What does my colleague need?",
        { fix: 'not-global-admin', says: 'in hand', notSays: "that one's fixed" },
      ],
    ]));

  it('needs the printed term and a cause: "the connector was new" next to the paste is no second problem', () =>
    play([
      [
        "The connector server is brand new. The installer says 'Failed to retrieve the current execution policy for running PowerShell scripts'.",
        { fix: 'script-execution-disabled', notSays: 'two problems' },
      ],
    ]));
});
