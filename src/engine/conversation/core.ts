import { createCheckReader } from '../checks';
import type { KnowledgeBase } from '../knowledge';
import type { Recogniser, Recognition } from '../recogniser';
import { MAX_ANALYSED_CHARS } from '../text';
import { UnknownPositionError } from '../walk';
import { createAnswers } from './answers';
import { exactTopics, newProblem } from './caseFile';
import { commandOf, smallTalkOf } from './commands';
import { createFollowUps } from './followUp';
import { createInference } from './inference';
import { messages } from './messages';
import { createMoves, type Outcome } from './moves';
import { questionFor, topicOf } from './questions';
import { meaningOf } from './reading';
import { say } from './reply';
import { kept, NEW_CASE, type CaseState, type Input } from './state';
import { createTwoProblems } from './twoProblems';

// The conversation core: given the case so far and one input, what the case becomes and what
// to say. Pure (no SDK, no I/O): the dialog stores the case and renders the reply.

export type { Outcome } from './moves';

export interface Conversation {
  next(state: CaseState | undefined, input: Input): Outcome;
}

const DEFINITION =
  /^(?:\W*(?:sorry|hi|hey|hello|quick question|q|question)\W+)*(?:what(?:'s| is| are| does| do)|whats|define|meaning of|explain)\b[^.!\n]{0,80}\??$/;
// How sure the classifier must be of a topic, in a message that doesn't name application proxy,
// for the bot to ask whether that's it rather than say it's out of scope.
const LIKELY_OURS = 0.3;
// What the user said about another product, kept for a note to IT.
const NEIGHBOUR_TEXT_CHARS = 300;

export function createConversation(kb: KnowledgeBase, recogniser: Recogniser): Conversation {
  const deps = {
    kb,
    recogniser,
    inference: createInference(kb, (message) => recogniser.mend(message)),
    followUps: createFollowUps(kb),
    checks: createCheckReader(kb.checks),
  };
  const moves = createMoves(deps);
  const { ask, done } = moves;
  const answers = createAnswers(deps, moves, { understand, outOfScope });

  // Asking whether a neighbouring product is application proxy after all.
  const SAME_PRODUCT =
    /\b(?:(?:the )?same (?:thing|product|one|software|agent|service|tech(?:nology)?)|the same as|(?:is|are)n'?t (?:it|they|that|this|those) (?:the same|just|also|basically|part of|yours)|is (?:it|that|this) not (?:the same|yours)|how (?:is|are) (?:it|they|that|this) different|what'?s the difference|difference between|both (?:called|named)|(?:also|both) (?:a |called )?connectors?\b|not (?:your|the) (?:connector|app proxy)\?)/;

  const { twoProblems, order, withToldInWords } = createTwoProblems(kb, recogniser);

  function understand(state: CaseState, text: string): Outcome {
    const smallTalk = smallTalkOf(text);
    if (smallTalk === 'greeting') return done(state, say('intro', messages.intro), state.closed);
    if (smallTalk === 'thanks') return done(state, say('thanks', messages.thanks), state.closed);
    const r = recogniser.recognise(text);
    const named = withToldInWords(exactTopics(kb, r, text), text);
    const fresh = kept(state);
    const two = twoProblems(r, named, text);
    if (r.decision === 'match' || two) {
      // Two errors named exactly: the connector's first, else the first pasted; the other waits.
      const [one, second] = two ?? [r.decision === 'match' ? r.topic : named[0]!, undefined];
      const topicId = one;
      const topic = topicOf(kb, topicId);
      // "Stopped WAPCSvc" pasted on its own: said back as what the output shows.
      const output = r.evidence.find((e) => e.kind === 'check-output');
      const check = output ? kb.checks.get(output.value) : undefined;
      const found = check?.outcomes.find((o) => output?.kind === 'check-output' && o.id === output.outcome);
      const lead = second
        ? [messages.twoProblems(topic.title, topicOf(kb, second).title, order(topicId, second, r, text))]
        : check && found
          ? [messages.fromTheOutputOf(check.title, found.label)]
          : [messages.named(topic.title)];
      const withQueue = second
        ? { ...fresh, queued: { text: text.slice(0, MAX_ANALYSED_CHARS), topic: second } }
        : fresh;
      const cause =
        r.decision === 'match' && r.topic === topicId && r.cause?.reason === 'cue'
          ? r.cause.cause
          : recogniser.detectCause(topicId, text)?.cause;
      return moves.startProblem(withQueue, text, topicId, lead, cause);
    }
    if (r.decision === 'ambiguous')
      return ask(
        { ...fresh, problem: newProblem(text.slice(0, MAX_ANALYSED_CHARS), r.candidates[0]!.topic) },
        { kind: 'pick-topic', candidates: r.candidates.map((c) => c.topic) },
      );
    return outOfScope(state, r, text);
  }

  /** A reply about a neighbouring product, remembered so a follow-up about it is understood. */
  const aboutNeighbour = (
    state: CaseState,
    neighbour: { readonly id: string },
    line: string,
    said = state.neighbourText,
  ): Outcome => ({
    state: {
      ...kept(state),
      neighbour: neighbour.id,
      ...(said ? { neighbourText: said.slice(0, NEIGHBOUR_TEXT_CHARS) } : {}),
    },
    reply: { kind: 'neighbour', lead: [line], about: { neighbour: neighbour.id } },
  });

  function outOfScope(
    state: CaseState,
    r: Extract<Recognition, { decision: 'out-of-scope' }>,
    text: string,
  ): Outcome {
    const neighbour = r.neighbour && kb.neighbours.find((n) => n.id === r.neighbour?.id);
    if (neighbour)
      return aboutNeighbour(
        state,
        neighbour,
        messages.neighbour(neighbour.product, neighbour.why, neighbour.links),
        text,
      );
    if (r.reason === 'not-a-problem')
      return done(state, say('not-a-problem', messages.notAProblem(kb.outOfScope.notAProblem.links)));
    const where = recogniser.context(text);
    const top = r.candidates[0];
    // "Bad gateway on our published OWA": it sounds like ours but doesn't say so. Asking costs
    // one click; turning it away loses the user.
    if (
      r.reason === 'not-app-proxy' &&
      top &&
      top.score >= LIKELY_OURS &&
      !where.namesOtherProduct &&
      !kb.triage.has(top.topic)
    )
      return ask(
        { ...kept(state), problem: newProblem(text.slice(0, MAX_ANALYSED_CHARS), top.topic) },
        { kind: 'pick-topic', candidates: [top.topic], confirm: true },
      );
    // "App proxy problem", nothing more: the menu, and an invitation to say more.
    if (where.namesAppProxy && r.reason !== 'foreign-error')
      return ask(kept(state), { kind: 'area' }, [messages.tellMeMore]);
    const misses = state.misses + 1;
    if (misses >= 2) return ask(kept(state), { kind: 'area' }, [messages.outOfScopeAgain]);
    return {
      state: { ...kept(state), misses, ...(state.closed ? { closed: state.closed } : {}) },
      reply: say(
        'out-of-scope',
        r.reason === 'foreign-error' ? messages.outOfScopeForeign : messages.outOfScope,
      ),
    };
  }

  /** A message with no question on screen: a new problem, or more about the last one. */
  function fresh(state: CaseState, text: string): Outcome {
    const meaning = meaningOf(text);
    const closed = state.closed;
    const r = recogniser.recognise(text);
    // An error other than the closed one's: a new problem, not the old one back.
    const namesError =
      (r.decision === 'match' && r.topic !== closed?.topic) ||
      exactTopics(kb, r, text).some((t) => t !== closed?.topic);
    if (closed && meaning === 'end-user') return moves.handOff(closed);
    if (meaning === 'person' && !namesError) return moves.personAsked(kept(state), closed, text);
    // "Fixed for real now" after a summary (or a second thanks): closed for good.
    if (closed && !namesError && meaning === 'success')
      return done(state, say('fixed', messages.fixed), closed);
    // "Oh, she's on her personal outlook.com account": a fact about the last problem picks it up again.
    if (
      closed &&
      !namesError &&
      meaning === 'other' &&
      deps.inference.rulings(closed.topic, text).stated.length
    ) {
      const reopened: CaseState = { ...kept(state), problem: closed };
      return moves.afterFailure(reopened, 'failed', text, [messages.reopened]);
    }
    if (closed && !namesError && (meaning === 'failure' || meaning === 'partial')) {
      // "No, still broken" after the case was closed: pick it up where it was.
      const reopened: CaseState = { ...kept(state), problem: closed };
      return moves.afterFailure(reopened, meaning === 'partial' ? 'partly' : 'failed', text, [
        messages.reopened,
      ]);
    }
    // "What is KCD?" as a first message: a term to explain. Other questions are problems to place.
    // ("What is app proxy anyway?" names us but is no problem either.)
    if (
      meaning === 'question' &&
      (r.decision === 'out-of-scope' || (r.decision === 'ambiguous' && !r.evidence.length)) &&
      !(r.decision === 'out-of-scope' && r.neighbour) &&
      DEFINITION.test(text.trim().toLowerCase())
    ) {
      const last = closed?.tried[closed.tried.length - 1];
      const onScreen = last && kb.topics.get(last.topic)?.causes.find((c) => c.id === last.cause);
      const answer = deps.followUps.explain(text, true, onScreen);
      const about = answer?.term ? { about: { term: answer.term } } : {};
      // "What does it cost?": answered, and said to be the documentation's, not a problem to fix.
      if (answer && r.decision === 'out-of-scope' && r.reason === 'not-a-problem')
        return done(
          state,
          {
            kind: 'not-a-problem',
            lead: [answer.text, messages.notAProblem(kb.outOfScope.notAProblem.links)],
            ...about,
          },
          closed,
        );
      if (answer) return done(state, { kind: 'explain', lead: [answer.text], ...about }, closed);
    }
    // "But both are called connector, aren't they the same thing?" after a neighbour was named:
    // about that product, unless the message brings an error of ours.
    const lastNeighbour = state.neighbour && kb.neighbours.find((n) => n.id === state.neighbour);
    if (
      lastNeighbour &&
      !r.evidence.some((e) => e.kind !== 'foreign-error') &&
      (SAME_PRODUCT.test(text.toLowerCase()) ||
        (meaning === 'question' && r.decision !== 'match' && !recogniser.context(text).namesAppProxy))
    )
      return aboutNeighbour(
        state,
        lastNeighbour,
        messages.neighbourAgain(lastNeighbour.product, lastNeighbour.why, lastNeighbour.links),
      );
    // "I'm just a user, what do I tell IT?" about the other product: a note for IT about it.
    if (lastNeighbour && meaning === 'end-user' && r.decision !== 'match')
      return done(
        { ...state, audience: 'end-user' },
        {
          kind: 'hand-off',
          lead: [messages.neighbourForIt(lastNeighbour.product, state.neighbourText, lastNeighbour.links)],
          about: { neighbour: lastNeighbour.id },
        },
        closed,
      );
    if (meaning === 'end-user') return understand({ ...state, audience: 'end-user' }, text);
    // "ok thanks, I'll look there": nothing new to place. (Only after an answer: a first message
    // that reads like news, "screen sharing gone in Teams after the update", is a problem told.)
    if (
      (closed !== undefined || state.neighbour !== undefined || state.misses > 0) &&
      (meaning === 'ack' || meaning === 'wait' || meaning === 'success') &&
      r.decision === 'out-of-scope' &&
      r.reason !== 'foreign-error' &&
      text.split(/\s+/).length <= 12
    )
      return done(state, say('thanks', messages.thanks), closed);
    return understand(state, text);
  }

  return {
    next(given, input) {
      const state = given ?? NEW_CASE;
      if (state.problem && !Array.isArray(state.problem.notes))
        throw new UnknownPositionError('the case was saved by an older version');
      if (input.kind === 'stale-click') {
        if (state.pending) return ask(state, state.pending, [messages.staleClick], 'whole');
        return done(
          state,
          say('stale', messages.staleClick.replace(/ Here's where we are:$/, '')),
          state.closed,
        );
      }
      if (input.kind === 'text') {
        const command = commandOf(input.text);
        if (command === 'cancel')
          return done(
            NEW_CASE,
            say('cancelled', state.pending ? messages.cancelled : messages.nothingToCancel),
          );
        if (command === 'restart')
          return done(NEW_CASE, say('intro', `${messages.restarted}\n\n${messages.intro}`));
        if (command === 'help') return ask(kept(state), { kind: 'area' });
      }
      if (!state.pending) {
        if (input.kind === 'choice')
          return done(
            state,
            say('stale', messages.staleClick.replace(/ Here's where we are:$/, '')),
            state.closed,
          );
        return fresh(state, input.text);
      }
      if (input.kind === 'choice') {
        if (!questionFor(kb, state, state.pending).choices[input.index])
          return ask(state, state.pending, [messages.staleClick], 'whole');
        return answers.answered(state, state.pending, input.index);
      }
      if (!input.text.trim()) return ask(state, state.pending, [messages.retry], 'brief');
      return answers.typed(state, state.pending, input.text);
    },
  };
}
