import { BotState, type Storage, type TurnContext } from 'botbuilder';

interface CachedState {
  state: Record<string, unknown>;
  hash: string;
}

/** The state as JSON without its eTag: two equal snapshots mean the turn changed nothing. */
function snapshotOf(state: Record<string, unknown>): string {
  // JSON leaves out properties whose value is undefined.
  return JSON.stringify({ ...state, eTag: undefined });
}

/**
 * The SDK's BotState with a cheaper way to tell whether a turn changed the state. The SDK hashes
 * the state with SHA-256 over its own cycle-safe stringify on every load and every save, which
 * profiling put at ~9 % of a whole turn's CPU time; the state here is plain JSON (every store
 * keeps it as JSON), so its JSON text is the snapshot. Everything that reaches the turn's cached
 * copy is overridden together (it lives under this class's own key), with the SDK's meanings:
 * `clear` forces the next save, `delete` removes the stored copy.
 */
export abstract class JsonBotState extends BotState {
  private readonly cacheKey = Symbol('jsonBotState');

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.cached(context);
    if (!force && cached) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] as Record<string, unknown> | undefined) ?? {};
    context.turnState.set(this.cacheKey, { state, hash: snapshotOf(state) } satisfies CachedState);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = this.cached(context) ?? (force ? { state: {}, hash: '' } : undefined);
    if (!cached) return;
    const snapshot = snapshotOf(cached.state);
    if (!force && cached.hash === snapshot) return;
    // As the SDK does: "*" means "write whatever is there"; ETagTrackingStorage puts back the eTag
    // this turn read, so a conflicting write from another instance is still caught.
    cached.state.eTag = '*';
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: cached.state });
    cached.hash = snapshot;
    context.turnState.set(this.cacheKey, cached);
  }

  override async clear(context: TurnContext): Promise<void> {
    context.turnState.set(this.cacheKey, { state: {}, hash: '' } satisfies CachedState);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cached(context)?.state;
  }

  private cached(context: TurnContext): CachedState | undefined {
    return context.turnState.get(this.cacheKey) as CachedState | undefined;
  }
}

/**
 * One part of a storage key: ids may contain "/", and unescaped, (conversation "K/users/A", user
 * "z") and (conversation "K", user "A/users/z") would share one key.
 */
export const keyPart = (id: string): string => encodeURIComponent(id);

/** The key of a conversation's own state, and the prefix of its users' keys. */
function conversationKeyOf(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  if (!channelId || !conversation?.id) throw new Error('the activity has no channelId or conversation.id');
  return `${keyPart(channelId)}/conversations/${keyPart(conversation.id)}`;
}

/** State kept per conversation (a welcome said once per team or chat). */
export class ConversationOnlyState extends JsonBotState {
  constructor(storage: Storage) {
    super(storage, async (context: TurnContext) => conversationKeyOf(context));
  }
}

/**
 * State kept per user within a conversation. In a Teams channel or group chat several people
 * may troubleshoot at once; keyed by conversation alone, their dialogs would overwrite each other.
 */
export class UserInConversationState extends JsonBotState {
  constructor(storage: Storage) {
    super(storage, async (context: TurnContext) => {
      const from = context.activity.from?.id;
      if (!from) throw new Error('the activity has no from.id');
      return `${conversationKeyOf(context)}/users/${keyPart(from)}`;
    });
  }
}
