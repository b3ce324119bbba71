import {
  ActivityTypes,
  MemoryStorage,
  TestAdapter,
  TurnContext,
  type Activity,
  type Storage,
  type StoreItems,
} from 'botbuilder';
import { ConversationOnlyState, UserInConversationState } from '../src/state';

// UserInConversationState is the SDK's BotState with a cheaper change check: its saves must
// happen exactly when the SDK's would, with what the SDK would write.

/** MemoryStorage that counts its calls and keeps a copy of every write. */
class CountingStorage implements Storage {
  readonly inner = new MemoryStorage();
  reads = 0;
  readonly writes: StoreItems[] = [];
  readonly deletes: string[][] = [];

  read(keys: string[]): Promise<StoreItems> {
    this.reads++;
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    this.writes.push(structuredClone(changes));
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    this.deletes.push(keys);
    return this.inner.delete(keys);
  }
}

const KEY = 'test/conversations/conv-1/users/user-1';

function contextFor(from: Partial<Activity['from']> | null = { id: 'user-1', name: 'User' }): TurnContext {
  const activity = {
    type: ActivityTypes.Message,
    channelId: 'test',
    conversation: { id: 'conv-1' },
    from: from ?? undefined,
    recipient: { id: 'bot', name: 'Bot' },
    text: 'hi',
  } as Partial<Activity>;
  return new TurnContext(new TestAdapter(), activity);
}

function setup() {
  const storage = new CountingStorage();
  const state = new UserInConversationState(storage);
  const misses = state.createProperty<number>('misses');
  return { storage, state, misses };
}

/** A turn that sets misses to `value` and saves. */
async function writeMisses(setupResult: ReturnType<typeof setup>, value: number, ctx = contextFor()) {
  await setupResult.misses.set(ctx, value);
  await setupResult.state.saveChanges(ctx);
}

describe('UserInConversationState', () => {
  it('writes nothing for a turn that loads but changes nothing', async () => {
    const s = setup();
    await writeMisses(s, 1);
    const writesBefore = s.storage.writes.length;
    const readsBefore = s.storage.reads;
    const ctx = contextFor();
    await s.state.load(ctx);
    expect(await s.misses.get(ctx)).toBe(1);
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(writesBefore);
    expect(s.storage.reads).toBe(readsBefore + 1);
  });

  it('writes nothing for a turn on an empty store that changes nothing', async () => {
    const s = setup();
    const ctx = contextFor();
    await s.state.load(ctx);
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(0);
  });

  it('writes a change exactly once, and a second save with no further change writes nothing', async () => {
    const s = setup();
    const ctx = contextFor();
    await s.misses.set(ctx, 2);
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(1);
    expect(s.storage.writes[0]![KEY]).toMatchObject({ misses: 2 });
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(1);
    await s.misses.set(ctx, 3);
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(2);
    expect(s.storage.writes[1]![KEY]).toMatchObject({ misses: 3 });
  });

  it('writes even an unchanged state when forced', async () => {
    const s = setup();
    await writeMisses(s, 4);
    const ctx = contextFor();
    await s.state.load(ctx);
    await s.state.saveChanges(ctx, true);
    expect(s.storage.writes).toHaveLength(2);
    expect(s.storage.writes[1]![KEY]).toMatchObject({ misses: 4 });
  });

  it('does not count a changed eTag alone as a change', async () => {
    const s = setup();
    await writeMisses(s, 1);
    const ctx = contextFor();
    const loaded = await s.state.load(ctx);
    expect(loaded.eTag).toEqual(expect.any(String));
    loaded.eTag = 'something-else';
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(1);
  });

  it('writes with eTag "*", and a reload after the write sees the value', async () => {
    const s = setup();
    await writeMisses(s, 5);
    expect(s.storage.writes[0]).toEqual({ [KEY]: { misses: 5, eTag: '*' } });
    const next = contextFor();
    const reloaded = await s.state.load(next);
    expect(reloaded).toMatchObject({ misses: 5 });
    expect(await s.misses.get(next)).toBe(5);
    // Another turn changing what it read writes over it again.
    await writeMisses(s, 6, next);
    expect(s.storage.writes[1]![KEY]).toMatchObject({ misses: 6, eTag: '*' });
    expect(await s.misses.get(contextFor())).toBe(6);
  });

  it('writes an empty state after clear(), so the property is gone on the next turn', async () => {
    const s = setup();
    await writeMisses(s, 7);
    const ctx = contextFor();
    await s.state.load(ctx);
    await s.state.clear(ctx);
    expect(s.state.get(ctx)).toEqual({});
    await s.state.saveChanges(ctx);
    expect(s.storage.writes).toHaveLength(2);
    expect(s.storage.writes[1]).toEqual({ [KEY]: { eTag: '*' } });
    const next = contextFor();
    expect(await s.misses.get(next)).toBeUndefined();
    expect(await s.state.load(next)).not.toHaveProperty('misses');
  });

  it('removes the stored item on delete()', async () => {
    const s = setup();
    await writeMisses(s, 8);
    const ctx = contextFor();
    await s.state.load(ctx);
    await s.state.delete(ctx);
    expect(s.storage.deletes).toEqual([[KEY]]);
    expect(await s.storage.inner.read([KEY])).toEqual({});
    expect(s.state.get(ctx)).toBeUndefined();
    expect(await s.misses.get(contextFor())).toBeUndefined();
  });

  it('get() returns undefined before load and the loaded object after', async () => {
    const s = setup();
    await writeMisses(s, 9);
    const ctx = contextFor();
    expect(s.state.get(ctx)).toBeUndefined();
    const readsBefore = s.storage.reads;
    const loaded = await s.state.load(ctx);
    expect(s.state.get(ctx)).toBe(loaded);
    expect(loaded).toMatchObject({ misses: 9 });
    // A second load in the same turn uses the cached copy.
    expect(await s.state.load(ctx)).toBe(loaded);
    expect(s.storage.reads).toBe(readsBefore + 1);
  });

  it('keys state by channel, conversation and user, so users of one conversation are kept apart', async () => {
    const s = setup();
    const alice = contextFor({ id: 'alice' });
    const bob = contextFor({ id: 'bob' });
    await writeMisses(s, 1, alice);
    await writeMisses(s, 2, bob);
    expect(s.storage.writes.map((w) => Object.keys(w))).toEqual([
      ['test/conversations/conv-1/users/alice'],
      ['test/conversations/conv-1/users/bob'],
    ]);
    expect(await s.misses.get(contextFor({ id: 'alice' }))).toBe(1);
    expect(await s.misses.get(contextFor({ id: 'bob' }))).toBe(2);
    expect(await s.misses.get(contextFor({ id: 'carol' }))).toBeUndefined();
  });

  it('gives no two (conversation, user) pairs one key, whatever "/" their ids hold', async () => {
    const s = setup();
    const pair = (conversation: string, user: string) => {
      const ctx = contextFor({ id: user });
      ctx.activity.conversation = { ...ctx.activity.conversation, id: conversation };
      return ctx;
    };
    // Unescaped, both were "test/conversations/K/users/A/users/z".
    await writeMisses(s, 1, pair('K/users/A', 'z'));
    await writeMisses(s, 2, pair('K', 'A/users/z'));
    const keys = s.storage.writes.map((w) => Object.keys(w)[0]);
    expect(new Set(keys).size).toBe(2);
    expect(await s.misses.get(pair('K/users/A', 'z'))).toBe(1);
    expect(await s.misses.get(pair('K', 'A/users/z'))).toBe(2);
  });

  it("keeps a conversation's own state apart from its users' too", async () => {
    const storage = new CountingStorage();
    const conversation = new ConversationOnlyState(storage);
    const users = new UserInConversationState(storage);
    const ctx = contextFor({ id: 'x' });
    ctx.activity.conversation = { ...ctx.activity.conversation, id: 'K/users/x' };
    await conversation.createProperty<number>('n').set(ctx, 1);
    await conversation.saveChanges(ctx);
    const other = contextFor({ id: 'x' });
    other.activity.conversation = { ...other.activity.conversation, id: 'K' };
    expect(await users.createProperty<number>('n').get(other)).toBeUndefined();
  });

  it('refuses an activity without from.id with a clear message', async () => {
    const s = setup();
    await expect(s.state.load(contextFor(null))).rejects.toThrow(/from\.id/);
    await expect(s.state.load(contextFor({ name: 'nobody' }))).rejects.toThrow(/from\.id/);
    expect(s.storage.reads).toBe(0);
  });
});
