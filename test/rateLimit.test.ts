import { messages } from '../dialogs/messages';
import { createBotApp } from '../src/app';
import { DirectClient } from '../src/directClient';
import { RateLimiter } from '../src/rateLimiter';

describe('RateLimiter', () => {
  it('allows the limit per window, answers the first message over it, then stays quiet', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000, now: () => now });
    expect(['a', 'a', 'a'].map((k) => limiter.check(k))).toEqual(['allow', 'allow', 'allow']);
    expect(limiter.check('a')).toBe('limit-first');
    expect(limiter.check('a')).toBe('limit');
    expect(limiter.check('b')).toBe('allow');
    now = 1500;
    expect(limiter.check('a')).toBe('allow');
  });

  it('forgets users whose last message has left the window, with no other pressure', () => {
    // A clock that starts where a real one might (lru-cache reads a start time of 0 as none).
    let now = 1_700_000_000_000;
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 100; i++) limiter.check(`user-${i}`);
    limiter.check('user-0');
    expect(limiter.size).toBe(100);
    now += 1200;
    limiter.check('newcomer');
    expect(limiter.size).toBe(1);
  });

  it('keeps at most maxUsers, forgetting the longest idle first', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 60_000, maxUsers: 640, now: () => now });
    limiter.check('busy');
    limiter.check('busy');
    for (let i = 0; i < 700; i++) {
      now += 1;
      limiter.check(`user-${i}`);
      expect(limiter.size).toBeLessThanOrEqual(640);
      if (i % 100 === 0) limiter.check('busy-other');
    }
    // The user seen first and not since was forgotten: a fresh window for them.
    expect(['busy', 'busy', 'busy'].map((k) => limiter.check(k))).toEqual(['allow', 'allow', 'limit-first']);
    // A user who wrote recently is still counted.
    limiter.check('user-699');
    expect(limiter.check('user-699')).toBe('limit-first');
  });

  it('costs the same for any id, however long: users are tracked by a digest', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 });
    const long = 'x'.repeat(100_000);
    expect([limiter.check(long), limiter.check(long), limiter.check(long)]).toEqual([
      'allow',
      'allow',
      'limit-first',
    ]);
    expect(limiter.check(`${long}y`)).toBe('allow');
    // The cache holds digests, not the ids it was given.
    const keys = [...(limiter as unknown as { hits: Map<string, unknown> }).hits.keys()];
    expect(keys.every((k) => k.length === 22)).toBe(true);
  });
});

describe('a user over the limit', () => {
  it('gets one polite reply, and the conversation carries on afterwards', async () => {
    let now = 0;
    const app = createBotApp({
      rateLimiter: new RateLimiter({ limit: 3, windowMs: 60_000, now: () => now }),
    });
    const chat = new DirectClient({ adapter: app.adapter, runTurn: app.runTurn, channelId: 'test' });
    await chat.say("Connector registration failed ... Error: 'One or more errors occurred.'");
    await chat.say('purple'); // not an answer: the question is asked again
    await chat.say('orange');
    expect(JSON.stringify(await chat.say('yes'))).toContain(messages.slowDown);
    expect(await chat.say('yes')).toHaveLength(0);
    now = 61_000;
    expect(JSON.stringify(await chat.say('yes'))).toContain('Likely cause');
  });
});
