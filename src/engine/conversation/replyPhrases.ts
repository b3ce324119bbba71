// The ways people say, in a chat, that a fix worked, didn't, half did, or that they're off
// trying it: regular expressions over the normalised (lower-case) reply. Tested against a bank
// of replies written by someone who hadn't seen these (test/engine/conversation/replies.json).

const any = (parts: readonly string[]) => new RegExp(parts.join('|'));

// A result said in a second language: "it go now", "this solve it", "the problem is not more",
// "after adding him he have access".
const SECOND_LANGUAGE_RESULT = String.raw`\b(?:it|this|that|all|everything) (?:go|goes|run|runs|function|functions|is functioning) (?:now|again)\b|\b(?:this|that|it) (?:solve|solves|fix|resolve|resolves) (?:it|the problem|the issue)\b|\b(?:problem|error|issue) is (?:not more|no more|no longer there|away)\b|\b(?:he|she|they|user|users) (?:have|has|got|gets) (?:the )?access (?:now|again)\b|\bafter (?:\w+ing|this|that)\b.{0,40}\b(?:he|she|they|the user|users) (?:have|has|got|can)\b.{0,12}\b(?:access|enter|login|log in|sign in|open)\b`;

/** It does what it should now. */
export const SUCCESS = any([
  String.raw`\b(?:works?|(?<!stopped )working|worked|fixed|solved|resolved|sorted|nailed it|spot on|bingo|did the trick)\b`,
  String.raw`\b(?:that|this|it|which)(?:'s| was| is| did)? (?:it|the (?:fix|problem|issue|one|trick))\b|\bwas it\b`,
  String.raw`\b(?:that did it|this did it|which did it|cleared (?:it|that) up|back to normal|back in business|all good|all green|everything'?s green|green now|good now|fine now|ok now|okay now|straight in|zero (?:issues|errors|problems|tickets)|problem solved|issue resolved|great success|finally got|got past it)\b`,
  String.raw`\b(?:gone|went away|go away|disappeared|vanished|is history|cleared up|cleaned up now)\b`,
  String.raw`\bno (?:more|longer (?:get|see|getting|seeing|shows?|prompts?|asks?))\b|\bno (?:errors?|issues?|problems?|prompts?) any ?more\b`,
  String.raw`^\W*done\b|\b(?:reachable|accessible|available|online|green|healthy|active)(?: again| now)\b|\b(?:it|everything|all|the app|the site|the page|the portal|users|everyone|she|he|they)(?:'s| is| are|'re) (?:fine|ok|okay|good)(?: now| again)?\b`,
  String.raw`\b(?:loads?|loading|opens?|opening|resolves?|validates?|connects?|registers?|starts?|runs?|signs? in|logs? in|comes? up|came up|comes? through|came through|finish(?:es)?|completes?|downloads?|renders?|displays?|talks? to|gets? data|is reachable|are reachable)\b(?: \S+){0,4}? (?:now|again|fine|properly|correctly|ok|okay|successfully|without (?:an? )?(?:issue|problem|error)s?|this time)\b`,
  String.raw`\b(?:registered|re-?registered|went through|goes through|passed|succeeded|successful|completed|finished fine|came up green|shows? (?:as )?active|reports? active|(?:back|flipped) to active|status active|active again|is up|it'?s up|back up|up again|is back|are back|page is back|happy to close|can close (?:this|it)|is quiet)\b`,
  String.raw`(?:'s| is|'re| are) (?:in(?: now| again)?(?=\W*$|\W*[,.!;]| (?:and|now|again|too|thanks?|finally)\b)|happy|healthy|green|online|reachable|accessible)\b`,
  String.raw`\b(?:can|could) (?:now )?(?:open|access|reach|get in|get into|sign in|log in|login|use|see|enter)(?: to| into| in)? (?:it|the app|the application|the site|the portal|now|again|straight away|right away|immediately|no problem|without (?:an? )?(?:issue|problem|error)s?)\b`,
  SECOND_LANGUAGE_RESULT,
  String.raw`\bcan see (?:the|it|our)\b.{0,30}\b(?:now|active)\b`,
  // "now it connects", "the connector came back online"
  String.raw`\bnow (?:it|they|she|he|users?|everyone|everybody|the app|the site|the page|sessions?|the connectors?|rdp|sso) (?:\w+ )?(?:connects?|loads?|works?|opens?|registers?|resolves?|starts?|signs? in|logs? in|gets? in)\b|\bcame back(?: online| up)\b|\bcomes? back (?:online|up)\b|\bback online\b`,
  // The trouble gone, told with its own words: "no longer inactive", "the error doesn't appear anymore"
  String.raw`\bno longer (?:\w+ ){0,2}?(?:inactive|offline|down|failing|broken|an issue|a problem|happening|appears?|shows? up|there)\b|\b(?:isn'?t|aren'?t|doesn'?t|don'?t|does not|is not|are not) (?:\w+ ){0,2}?(?:inactive|offline|down|failing|broken|time out|timing out)\b (?:\w+ )?any ?more\b|\b(?:errors?|messages?|warnings?|prompts?|pop-?ups?|\d{3,5}s?) (?:doesn'?t|does not|don'?t|do not|isn'?t) (?:\w+ )?(?:appear|show up|come up|pop up|happen)\w* (?:\w+ )?any ?more\b|\b(?:doesn'?t|does not|don'?t|do not) (?:show|give|throw|get|return)s? (?:any |an? )?(?:errors?|warnings?|\d{3,5}s?) (?:\w+ )?any ?more\b`,
  // "users are in again", "the connector went green", "SSO kicks in now", "finished successfully".
  String.raw`\b(?:users?|they|she|he|we|everyone|everybody|people)(?:'re|'s| are| is)? (?:all )?in again\b|\b(?:went|turned|goes|is|are) green\b|\bkicks? in (?:now|again|properly)\b|\b(?:finished|completed|ran|installed|registered) (?:successfully|without (?:an? )?(?:errors?|issues?))\b`,
  // "users confirm they can log in", "that helped", "success": said outright, without "now".
  String.raw`\b(?:can|could) (?:now )?(?:log ?in|sign ?in|get in|access it|reach it|open it)\W*$|\b(?:that|this|it|which) (?:really )?helped\b|^\W*success\b`,
  String.raw`\b(?:can|could) (?:now )?(?:open|access|reach|use|get into|sign in to|log ?in to)\b[^.!?]{0,60}\b(?:now|again)\b`,
  // Results in the past tense, or stated as a state: "opened straight away", "connector's back online".
  String.raw`\b(?:opened|loaded|launched|connected) (?:straight away|right away|first time|fine|ok|okay|normally|without)\b|\blaunch(?:es)? (?:fine|ok|now|again)\b|\b(?:'s|is|are|'re) back (?:online|up|to normal|in business)\b|\bbeen (?:happy|fine|good|stable|green|quiet|solid) (?:all|for|since)\b`,
  String.raw`\b(?:did|done) (?:the|teh|da) trick\b|^\W*(?:\S+ ){0,4}did it\b|\bthat'?s done it\b|\bgot it (?:going|working|sorted|running|fixed)\b|^\W*(?:bang on|mint|sweet|ya fixd|fixd)\b|\bfunktioniert\b`,
  String.raw`\bstatus:? active\b|\bwith(?:out| no) (?:any |a )?(?:second |more |further |other )?(?:issues?|problems?|errors?|warnings?|prompts?|login|sign-?in|password (?:box|prompt))\b`,
  String.raw`\b(?:errors?|warnings?|prompts?|loop|events?|\d{3,5}s) (?:has |have )?(?:cleared|stopped)\b|\bticket closed\b|\bclosing(?: (?:it|this|the ticket|the case))?\W*$|\b(?:user|users|she|he|they) confirmed\b|\bconfirmed by (?:the )?users?\b`,
]);

/**
 * Said with its result, so it closes the case even while a question is on screen ("changed the
 * internal URL and it's up"); a long answer that only mentions something working ("it opens fine
 * in the office") doesn't.
 */
export const SOLVED = any([
  SECOND_LANGUAGE_RESULT,
  String.raw`\b(?:fixed|solved|resolved|sorted|did the trick|that did it|that was it|nailed it|back to normal|happy to close|can close (?:this|it)|close (?:this|the case))\b`,
  String.raw`\b(?:sso|single sign-on|sign-?in|login|registration|install(?:ation)?) (?:works|worked|succeeded|went through|is working)\b|\b(?:back to|reports?|shows?|showing|now|flipped (?:back )?to|went) active\b|\b(?:active|green|online|healthy) again\b|\b(?:log|event log|admin log) is (?:quiet|clean|empty)\b`,
  String.raw`\b(?:been|running|working|fine|ok|okay|good|quiet|stable|clean) (?:ever )?since\b|\bno (?:issues?|problems?|errors?|complaints?|tickets?|alerts?|events?|prompts?) (?:ever )?since\b|\bhaven'?t seen (?:it|the error|that|them|any)\b.{0,20}\bsince\b|\bhasn'?t (?:come back|returned|recurred|happened again)\b|\bgood to go\b|\bwe'?re good\b|\blooks good\b|\bworks a treat\b|\ball working\b`,
  String.raw`\b(?:works?|working|loads?|opens?|resolves?|validates?|registers?|comes? up|came up|comes? through|came through|finish(?:es)?|completes?|downloads?|renders?|displays?|starts?|connects?) (?:now|again|fine now)\b|\b(?:is|it'?s|are) (?:up|back)(?: again| now)?\b`,
  String.raw`\bno more (?:\S+ )?(?:errors?|prompts?|warnings?|messages?|events?|\d{3,5}s?)\b|\b(?:errors?|messages?|prompts?|warnings?|events?|\d{3,5}s?) (?:is |are )?(?:gone|stopped)\b`,
  String.raw`\b(?:loads?|opens?|works?|comes? up|came up) (?:\S+ ){0,3}again\b|\bcan\b.{0,30}\bagain\b|\blooks? (?:proper|good|fine|right|normal|ok) now\b`,
  // "started it, all good now", "everything's fine again", "we're ok now"
  String.raw`\b(?:all|everything(?:'?s| is)?|it'?s|its|it is|we'?re|we are|that'?s|thats) (?:good|fine|ok|okay|sorted|working|well) (?:now|again)\b`,
]);

/** A short last sentence that is the result: "... on the current build. Web client connects." */
export const END_RESULT =
  /(?:\b(?:connects|loads|works|opens|comes up|resolves|validates|registers)|^(?:done|all done|both done|sorted))\W*$/;

/**
 * A result that, after something the user did ("re-exported the pfx, site loads with a padlock"),
 * says the fix took. Only with a deed and no trouble word in the message.
 */
export const RESULT =
  /\b(?:loads?|connects|opens?|works?|downloads?|registers|signs? (?:\w+ )?in|logs? (?:\w+ )?in|resolves?|validates?|comes? up|starts?|stays? (?:on|up|active)|(?:is|are|went|goes) live|goes through|went (?:straight )?through|succeeds|are in|is in|shows? up|renders?|displays?|syncs?|registered|(?:went|turned|goes|is|are) green|ran (?:fine|ok|okay|clean|through|successfully)|runs (?:fine|ok|okay|now)|installed (?:fine|ok|okay|successfully))\b/;
export const TROUBLE =
  /\b(?:errors?|fail\w*|bad gateway|time ?out|timed out|forbidden|unauthori[sz]ed|broken|blank|denied|inactive|offline|still|but|not|no|can'?t|cannot|won'?t|doesn'?t|didn'?t|loop\w*|prompts?)\b/;

/** Something the user did: "re-registered it", "set the value to 0", "added the CNAME". */
const DEEDS = String.raw`(?:added|set|changed|re-?registered|registered|assigned|removed|deleted|enabled|disabled|renewed|opened|allowed|moved|updated|created|installed|reinstalled|restarted|rebooted|imported|uploaded|re-?exported|replaced|fixed|corrected|turned (?:on|off)|switched|whitelisted|excluded|bypassed|purged|granted|gave|mapped|synced|reran|re-?ran|republished|published|configured|tested|re-?tested|bumped|raised|increased|extended|started|applied|unblocked|restored|reissued|rebuilt)`;
export const DID = new RegExp(
  String.raw`\b(?:i|we|they|he|she|team|admins?|just|then|and|finally|already)?\s*${DEEDS}\b`,
);
/** A deed of the user's own ("we opened 443", "I've re-registered it"), not the story of the cause ("the network team changed the rules"). */
export const OWN_DEED = new RegExp(
  String.raw`(?:^|[.,;:!]\s*|\b(?:i|we|i'?ve|we'?ve|i have|we have|just|finally|so)\s+)(?:also\s+|then\s+|now\s+|already\s+)?${DEEDS}\b`,
);
/** A deed told as what was done, at the start of a clause ("re-exported it", "we set it"). */
export const DEED = new RegExp(
  String.raw`(?:^|[.,;:!]\s*|\b(?:i|we|they|he|she|team|admins?|just|then|and|finally|already|so)\s+)${DEEDS}\b`,
);

/** It didn't help: still the same, or worse. */
export const FAILURE = any([
  String.raw`\bstill\b(?! (?:works?|working|fine|ok|good|loads?|up and running|supported|on trial|on (?:server|windows|20\d\d|version|the old)|using|uses|runs on|running on|have|has)\b)`,
  String.raw`\bsame (?:error|thing|page|message|issue|problem|result|behaviou?r|way|story|again|here|\d{3,5}|as before|old)\b|\bthe same\b(?! (?:domain|forest|server|group|subnet|network|tenant|account|name|upn|host|as (?:on-?prem|internal)))|\b(?:identical|unchanged)\b|\b(?:as|like) before\b`,
  String.raw`\b(?:no joy|no dice|no luck|no go|no improvement|unfortunately not|sadly not|sadly no|no change|no difference|nothing changed|nothing happened|still nothing|did nothing|didn'?t (?:do|change) anything|doesn'?t help|didn'?t help|did not help|not fixed|didn'?t fix|did not fix|didn'?t work|did not work|doesn'?t work|does not work|not working|stopped working|persists|worse|broke|stuck|keeps coming|didn'?t take|errors? out)\b|^nothing\b|^(?:nope\W*){2,}`,
  String.raw`\bbut\b.{0,60}\b(?:not|no|still|fails?|failed|failing|errors?|inactive|offline|time[sd]? ?out|timing out|missing|drops?|stops?|blank|warning|can'?t|won'?t|doesn'?t|\d{3})\b|\bthen\b.{0,30}\b(?:flips?|goes|drops?|stops?|fails?)\b.{0,20}\b(?:inactive|offline|again|down)?`,
  String.raw`\b(?:keeps?|kept) (?:failing|crashing|stopping|prompting|asking)\b|\b(?:fails?|failed|failing|errors?) again\b|\b(?:rolled|rolls) back\b|\bfails? the same\b`,
  // "opening the app gives 502 now": an error code got, whatever good word is near it.
  String.raw`(?<!\b(?:no longer|not|never|doesn'?t|don'?t|isn'?t|stopped) )\b(?:gives?|giving|shows?|showing|throws?|throwing|returns?|returning|getting)\b (?:(?:an?|the|us|me|them) )?(?:http )?(?:40[0-9]|50[0-9]|errors?)\b`,
  String.raw`\b(?:nobody|no one|no-one) can\b|\b(?:can'?t|cannot|won'?t|doesn'?t|does not) (?:even )?(?:reach|connect|login|log in|sign in|get in|open|access|register|start|load)\b`,
  String.raw`^(?:\W*(?:hmm+|hm|ugh|well|unfortunately|sadly|sorry|tested again|tried)\W+)*(?:no|nope|nah|negative|not really)(?:[.,!;:]|\s*$|\s+(?:still|it|that|didn'?t|doesn'?t|not|same|luck|change|joy|dice|from me))`,
]);

/** Part of the way: better, for some, or a different error now. */
export const PARTIAL = any([
  String.raw`\b(?:sort of|kind of|partly|partially|somewhat|mostly|halfway|half (?:of )?(?:the )?(?:team|users|people|them|us|staff)|a few (?:users|people) still|only for some|only some|some (?:users|people|pages|tries)|for some(?: users| people)?|works? for (?:some|most)|most (?:users|people)|not (?:all|everyone|for everyone)|\d+ ?% of)\b`,
  String.raw`\b(?:better|improved|progress|fewer|50/50|sometimes|intermittent\w*|now and then|on and off|every (?:\d+|other|few)\w* (?:refresh|try|time)\w*)\b`,
  String.raw`\b(?:different error|error changed|another error|moved from|now (?:it'?s|it says|says|i (?:see|get)|we get|shows?|gives?|a \d{3}))\b|\bnow\b.{0,30}\b(?:shows?|says|gives|get|throws)\b.{0,20}\b(?:\d{3}|error|warning)\b`,
  String.raw`\b(?:opens?|loads?|works?|starts?|succeeded|resolves?|is fine|are fine|ok|okay|active|comes? up|go(?:es)? through|connects?|get in)\b[^.]{0,40}\bbut\b`,
  // "fine on laptops, iPhones still get a warning": good for one part, the rest still failing.
  String.raw`\b(?:fine|ok|okay|works?|working|good)\b,? (?:on|for|in|from|with|when)\b(?:[^.]|\.(?=\S)){0,80}\b(?:still|but)\b|\b(?:ok|okay|fine|good)\b, [^.]{0,50}\bstill\b`,
]);

// Plans for later, in WAIT and LATER alike: "back Monday", "will report", "raised it, waiting".
const BACK_LATER = String.raw`^back (?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bwill report\b|\bwhen (?:i|we) (?:have|get|hear)\b.{0,20}\b(?:back|come back|let you know|report)\b|\bnothing (?:i|we) can do (?:until|till)\b`;
const STILL_WAITING = String.raw`\bwaiting(?: on (?:them|it|that|him|her|someone|the \w+))?\W*$|\b(?:waiting|wait) (?:for|on) (?:the|our|my|a|an|their|his|her) \w+|\b(?:takes?|taking|will take|need|needs) (?:a (?:few|couple of) |some |\d+(?: ?- ?\d+)? )(?:days?|hours?|weeks?)\b|\b(?:is|are|got|been) (?:ordered|on order|requested)\b|\b(?:could|will|may|might) take a (?:while|bit)\W*$|\braised (?:it|a ticket|a change|a request)\b`;

/** Not tried yet, or not done yet: "not yet, still waiting on the firewall team", "can't test until tomorrow". */
export const NOT_TRIED_YET =
  /^(?:\W*(?:ok(?:ay)?|well|sorry|hmm+|no|nope|ah)\W+)*(?:not yet|(?:no|not) (?:idea|clue|news|result|answer)s? yet|not (?:tested|tried|done|applied|finished|changed|rebooted|restarted|sure) yet|(?:i |we )?(?:haven'?t|have not)(?: \w+){0,5} yet|(?:i |we )?(?:didn'?t|did not) (?:get (?:a chance|round|around|to)|try|test|have (?:time|a chance))(?: \w+){0,5} yet|(?:i |we )?(?:can'?t|cannot|won'?t be able to) (?:test|try|check|reboot|restart|do (?:it|that|this)|get to it|change it)(?: \w+){0,3}? (?:until|before|till|today|right now|yet)|still waiting|(?:i |we )?(?:don'?t|do not) know yet)\b|\b(?:team|they|he|she|someone) (?:is |are )?(?:on it|looking into it|working on it)\b/;
// ...with no news of trouble in it ("not yet, still the same error" is a failure).
export const NEWS_OF_TROUBLE = /\b(?:same|errors?|fails?|failed|failing|broken|inactive|\d{3,5})\b/;

/** They're off trying it and will come back. */
export const WAIT = any([
  String.raw`\b(?:gonna|going to|will|i'?ll|we'?ll|let me|lemme|need to|have to|gotta|got to|must)\b.{0,40}\b(?:test|try|check|do|apply|schedule|follow up|come back|report back|retry|ask|ping|forward|open a ticket|rdp|log ?in|give it a (?:shot|go|try)|restart|reboot|wait|grab|get|find|look|pull|use|switch|enable|add|assign|create|renew|install|reinstall|re-?register|run|fix|change|update|set|raise|bring (?:it|this|that) up|take (?:it|this|that) up|mention|discuss|talk|speak|contact|email|call|message)\w*\b`,
  String.raw`\bone (?:sec|second|moment|min|minute)\b|\bjust a (?:sec|second|moment|minute)\b`,
  String.raw`^(?:\W*(?:ok(?:ay|ey)?|hmm+|fine|cool|sure|alright|right|thx|thanks|thank you|good idea|makes sense|got it|understood|noted|great|perfect|brilliant|will do|yes|yep)\W+)*(?:doing|running|trying|testing|rebooting|restarting|waiting|uploading|installing|reinstalling|uninstalling|changing|applying|checking|working on|on it|sec|secs|having a look|taking a look|looking (?:at|into)|logging (?:in|on)|heading|sending|forwarding|passing|asking|pinging|emailing|calling|raising|submitting|filing|opening|scheduling|booking|moving|removing|adding|setting|configuring|creating|renewing|re-?registering|registering|deploying|migrating|patching|updating|contacting|reaching out)\b`,
  String.raw`^(?:\W*(?:ok(?:ay|ey)?|hmm+|sure|fine|cool|alright|right|yes|yep|will do)\W+)*(?:hang on|hold on|hold that thought|one (?:sec|second|moment|min|minute)|just a (?:sec|second|moment|minute|min)|a moment|moment|brb|bbl|on it|wait(?: a (?:minute|moment|sec|second))?|give me (?:a|an|\d+|some|till|until)|\d+ ?(?:mins?|minutes|secs?))\b`,
  STILL_WAITING,
  String.raw`\b(?:ticket|change|request) (?:is )?(?:raised|open|logged)\b`,
  BACK_LATER,
  String.raw`\bweekend job\b`,
  // Off to do it, in the words of people writing in a second language too: "I go try this and
  // write you after", "we plan it for Saturday", "first I need approval for this change".
  String.raw`\b(?:i|we) (?:go|goes|am going|'m going|are going|'re going) (?:to )?(?:try|check|test|do|look|ask|see|run|apply|change|fix|install|restart|reboot|the server|to the server)\b|\bgoing (?:to )?(?:the|our) (?:server|data ?cent(?:er|re)|office|site)\b`,
  String.raw`\b(?:i|we) (?:ask|call|contact|email|mail|ping|message|phone) (?:our|the|my|a|an|him|her|them)\b`,
  String.raw`\b(?:write|tell|inform|update|ping|message|text) you (?:after|later|back|again|then|when|tomorrow|the result|how it goes)\b|\blet you know\b|\bkeep you (?:posted|updated)\b|\brevert back\b`,
  String.raw`\b(?:plan|planned|planning|schedule|scheduled|scheduling|book|booked) (?:it|this|that|the (?:change|fix|reboot|restart|work))\b|\b(?:give|giving) (?:it|this|that) a (?:go|try|shot|whirl)\b`,
  String.raw`\b(?:need|needs|waiting for|wait for|have to get|must get|get) (?:an? |the )?(?:approval|sign-?off|change approval|cab approval|approved change|change ticket|green light|go-?ahead)\b`,
  String.raw`\b(?:trying (?:that|it|this|now|with)|will try|i try|i'?ll try|let me (?:try|check|test|ask|see)|checking (?:now|that|it)|asking (?:the|our|my)|get back to you|be right back|back in (?:a|\d+)|back soon|come back(?! (?:with|as|empty|blank|null|false|true|\d))|report back|follow up|raise a change|change (?:window|board)|maintenance window|not at my desk|after lunch|end of (?:the )?day|tomorrow|tonight|later today|next (?:week|sprint))\b`,
]);

/** A plan told as the last thing in a long reply: "... that's a weekend job. Back Monday." */
export const LATER = any([
  BACK_LATER,
  STILL_WAITING,
  String.raw`\b(?:will|i'?ll|we'?ll)\b.{0,30}\b(?:report|come back|let you know|update you|get back|ping you|try|test)\b`,
  String.raw`\b(?:get back to you|report back|back (?:tomorrow|soon|next week|after)|tonight|tomorrow|later today|next week|after the weekend|maintenance window|change window)\b`,
]);

/** Heard, no news: "ok", "got it", "makes sense". Only as (nearly) the whole message. */
const ACK_WORD = String.raw`(?:ok(?:ay|ey)?|k|kk|sure|right|righto|alright|got it|gotcha|understood|noted|cool|great|thanks?|thank you|ty|thx|cheers|roger|copy that|ack|ah+|oh+|hm+|mm+|aha|ahh+|i see|fair enough|makes sense|interesting|crystal clear|clear|that'?s clear(?: now)?|good to know|that explains it|that helps(?: me understand)?|that'?s (?:logical|what i thought)|learned something(?: today)?|oh i didn'?t know that|with thanks|so|then|now|a lot|mate)`;
export const ACK = any([
  String.raw`^(?:\W*${ACK_WORD}\b)+\W*$`,
  String.raw`^(?:\W*${ACK_WORD}\W+)*(?:thanks?|thank you) for (?:the (?:info|explanation|clarification|details)|explaining)\b.{0,20}$`,
]);

/** Someone who uses the app, or relays for them, and can't do admin steps. */
/**
 * The admin handing a step to a colleague who owns that part ("I'll pass this to the DNS admin"):
 * they will be back, and they are IT themselves, unlike someone who only uses the app.
 */
export const TO_A_COLLEAGUE =
  /\b(?:i'?ll|we'?ll|i will|we will|going to|gonna|let me|need to|have to|must|sending|forwarding|passing|handing|asking|pinging)\b.{0,40}\b(?:dns|network(?:ing)?|firewall|pki|cert(?:ificate)?s?|server|infra\w*|domain|ad|identity|security|exchange|windows|sysadmin|proxy|web|iis|database|sql|app|application|platform|cloud|azure|entra|m365|ops|change)\s+(?:admins?|team|guys?|folks|people|colleagues?|engineers?|owners?|person|lead|board)\b/;

/** Someone saying they use the app rather than run it ("I'm just a user", "I'm not IT"). */
const SELF_END_USER = [
  String.raw`\bi'?m not (?:it|i\.t\.|an? admin|the admin|the administrator|technical|very technical|in it|an it person|the one who set)\b|\bi am not the administrator\b`,
  String.raw`\bnot (?:an? )?(?:admin|administrator|technical)\b|\bisn'?t technical\b|\btoo technical\b|\bover my head\b|\bin simple words\b|\bno clue about\b`,
  String.raw`\b(?:i'?m|i am) (?:just |only |simply )?(?:a |an |the )?(?:normal |regular |ordinary |standard )?(?:user|end user|employee|staff member|teacher|doctor|nurse|student|contractor|external partner|finance person|helpdesk agent|help ?desk agent)\b`,
  String.raw`\b(?:i'?m|i am) (?:just |only )?(?:first line|1st line|on the help ?desk|from hr|in (?:sales|finance|hr|marketing|accounts|the warehouse))\b|\bi work in the\b`,
];
export const SAYS_END_USER = any(SELF_END_USER);

export const END_USER = any([
  ...SELF_END_USER,
  String.raw`\b(?:don'?t|do not) (?:even )?know (?:what|who) (?:a |an |the |our )?(?:connector|proxy|app proxy|application proxy|tenant|enterprise app|spn|entra|event viewer|azure|admin)\b|\b(?:idk|no idea) what (?:a |an |the )?(?:connector|proxy)\b`,
  String.raw`\bi (?:only|just) (?:want|need|use|clicked|see|have|opened)\b|\b(?:as a user|myself as a|my home (?:computer|pc|laptop)|on my (?:own )?(?:laptop|phone|tablet|home pc))\b`,
  String.raw`\b(?:don'?t|do not) have an? (?:it|i\.t\.) (?:person|department|team|guy)\b`,
  String.raw`\bwho (?:do|should|can|would) i (?:call|contact|tell|ask|talk to|speak to)\b|\bwho (?:in my company|our admin is|would be able)\b|\bcall someone\b`,
  String.raw`\bwhat (?:do|should|can) i (?:tell|say to|send|write to|ask|put) (?:it|my it|our it|the it|them|my admin|helpdesk|the help ?desk|our help ?desk|support|the admins?|our admins?|my manager|in the ticket)\b|\bwhat to (?:tell|ask|put|write|say)\b`,
  String.raw`\b(?:send|forward|pass|give)\b.{0,20}\bto (?:our|the|my|them)\b.{0,10}\b(?:help ?desk|it|admins?|support|server team|service desk)\b|\bsomething (?:i can |to )?(?:send|forward|give|pass on|paste)\b`,
  String.raw`\bwrite (?:it|this|that) up\b|\b(?:for|in) my (?:it )?ticket\b|\bescalate\b`,
  // Asking for something to pass on: a summary, what to tell whoever can act.
  String.raw`\b(?:write|give|make|draft|prepare|put together|send)(?: me| us)?(?: up)? (?:a |an |the )?(?:short |quick |brief |little |case )?(?:summary|write-?up|recap|hand-?over)\b|\bsummar(?:ise|ize) (?:this|it|the case|what)\b`,
  String.raw`\bwhat (?:do|should|shall|can|would) i (?:tell|say to|send|write to|give)\b|\bpass(?:ing)? (?:this|it) (?:on |over )?to\b|\bhand(?:ing)? (?:this|it) (?:over )?to\b`,
  String.raw`\b(?:can'?t|cannot|not allowed to|don'?t|do not) (?:touch|change|access|manage|log ?in to|do)\b.{0,30}\b(?:ad|active directory|servers?|azure|entra|admin\w*|portal|tenant|steps|that|these|any of (?:that|this))\b`,
  String.raw`\b(?:don'?t|do not) have (?:access to )?(?:any )?(?:admin|rights|permissions?|access to (?:the )?servers?)\b|\bno (?:admin|rights|access to (?:the )?servers?)\b|\bno permission\b`,
  String.raw`\b(?:it department|our it|the it|it guy|it team|some other team|another team)\b.{0,20}\b(?:handles|does|manages|is on holiday|set it up)\b`,
  // Something to hand to whoever owns the part: "what exactly do I ask them to change?"
  String.raw`\b(?:as|in) a summary\b|\bsummary (?:for|to send|i can)\b|\bdraft (?:an? )?(?:e-?mail|message|note|ticket)\b|\bhow (?:do|should|can) i explain (?:this|it|that)\b`,
  String.raw`\bwhat (?:exactly )?(?:do|should|shall) i ask (?:for|them|him|her|the \w+)\b|\bwhat (?:info|information|details|logs?) (?:do|does|will|would) (?:they|microsoft|support|the vendor|the msp) need\b`,
  String.raw`\b(?:hand|give|pass|forward|send|escalate)\b.{0,30}\bto (?:our|the|my|them|their)\b.{0,20}\b(?:team|guys|admins?|people|department|folks|vendor|msp|provider|colleagues?)\b`,
]);

/** A question of the user's own, at its start (a question mark at the end also counts). */
export const QUESTION_START =
  /^(?:\W*(?:sorry|hm+|ok|okay|and|also|wait|quick q\w*|question|so|but|thanks|thank you|thx|ty|cheers|cool|great|nice|perfect|got it|makes sense|understood|right|alright)\W+)*(?:what|whats|what's|where|wheres|where's|which|why|how|who|can i|could i|can we|could we|can you|could you|should i|should we|do i|do we|does|is there|is it|is the|are there|are the|what's the|what is|what are|explain|tell me)\b/;

/** Asking for a person: "can I get a human", "talk to an engineer", "can someone from support look". */
export const PERSON = new RegExp(
  String.raw`\b(?:talk to|speak (?:to|with)|chat with|connect me (?:to|with)|escalate to) (?:a |an |some |the )?(?:real |actual )?(?:human|person|engineer|technician|support|agent|somebody|someone)\b|\b(?:get|want|need|reach) (?:a |an )?(?:real |actual )?(?:human|engineer|technician|support (?:person|engineer|agent))\b|\b(?:can|could) (?:someone|somebody|a person|an engineer) (?:from|in|at) (?:support|the help ?desk|microsoft)\b` +
    // A case with Microsoft: "open a case with Microsoft", "what do I need for an MS support ticket?"
    String.raw`|\b(?:open|raise|log|create|file|submit|start) (?:a |an )?(?:new )?(?:case|ticket|support (?:case|ticket|request)|service request|sr)\b.{0,25}\b(?:microsoft|ms|msft|azure|premier|unified)\b|\b(?:microsoft|ms|msft|azure) support (?:ticket|case|request)\b|\bwho (?:else )?(?:can|could) (?:help|take (?:this|it|over))\b|\bescalate (?:this|it)? ?to (?:microsoft|ms|msft|azure support)\b` +
    // "We need Microsoft on this", "time to call Microsoft", "let's get Microsoft involved"
    String.raw`|\b(?:need|involve|call|contact|ring|engage|loop in|bring in|reach out to) (?:\w+ ){0,2}?(?:microsoft|msft)(?: support)?\b(?! (?:docs?|documentation|learn|article|page|account|authenticator|entra|365|teams|graph|edge|private|aad|-))|\bget (?:microsoft|msft)(?: support)? (?:involved|on (?:this|it|the line|board)|in)\b` +
    // "What should I include in the support case?", "a summary I can paste into the ticket"
    String.raw`|\b(?:include|put|add|attach|paste|info(?:rmation)?|details?|summar\w*)\b.{0,40}\b(?:support (?:case|ticket|request)|(?:the|a|my|our|this) (?:ms |microsoft )?(?:case|ticket))\b|\b(?:support (?:case|ticket)|(?:the|a) (?:case|ticket))\b.{0,40}\b(?:include|need|info(?:rmation)?|details)\b` +
    String.raw`|\b(?:want|need|like|going|have) to (?:open|raise|log|file) (?:a |an )?(?:support )?(?:case|ticket)\b|\b(?:someone|somebody|anyone|a person|a human) (?:i|we) (?:can|could) (?:talk|speak|chat) (?:to|with)\b`,
);

/** A support request with Microsoft itself, not a person in the chat. */
export const MICROSOFT_CASE =
  /\b(?:microsoft|ms|msft|azure|premier|unified)\b.{0,25}\b(?:case|ticket|support|request|sr)\b|\b(?:case|ticket|request|sr)\b.{0,25}\b(?:microsoft|ms|msft|azure)\b/;

/** Back to the previous question. */
export const BACK = /^(?:back|go back|previous|previous question|undo|wrong button|oops,? (?:go )?back)\W*$/;
